check --psl "$PSL" a@example.org
