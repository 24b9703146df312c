variants --psl "$PSL"
