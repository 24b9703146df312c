check --psl "$PSL" --json a@mail.com
