check --psl "$PSL" --no-legit a@mail.com
