check --psl "$PSL" a@army.mil
