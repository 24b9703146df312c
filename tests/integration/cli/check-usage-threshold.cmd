check --psl "$PSL" --threshold 2 a@example.org
