check --psl "$PSL" bob@army.ml
