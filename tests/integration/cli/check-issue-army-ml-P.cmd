check --psl "$PSL" x@army.ml -P army.nl
