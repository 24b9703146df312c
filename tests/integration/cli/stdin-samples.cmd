domain --psl "$PSL" -
