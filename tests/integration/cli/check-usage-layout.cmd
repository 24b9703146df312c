check --psl "$PSL" --layout dvorak=1 a@example.org
