check --psl "$PSL" --json a@army.mil
