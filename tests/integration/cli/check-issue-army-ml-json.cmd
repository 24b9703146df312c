check --psl "$PSL" --json bob@army.ml
