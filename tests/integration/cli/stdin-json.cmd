domain --psl "$PSL" --json -
