variants --psl "$PSL" --kinds omission --layout qwerty -
