check --psl "$PSL" -
