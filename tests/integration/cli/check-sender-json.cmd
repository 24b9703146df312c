check --psl "$PSL" --json --sender bob@army.mil bob@army.ml
