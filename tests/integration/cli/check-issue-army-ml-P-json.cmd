check --psl "$PSL" --json x@army.ml -P army.nl
