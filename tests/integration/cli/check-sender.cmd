check --psl "$PSL" --sender bob@army.mil bob@army.ml alice@army.ml
