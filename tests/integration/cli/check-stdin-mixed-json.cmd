check --psl "$PSL" --json
