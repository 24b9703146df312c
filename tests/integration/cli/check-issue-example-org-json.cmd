check --psl "$PSL" --json a@example.org
