check --psl "$PSL" a@mail.com
