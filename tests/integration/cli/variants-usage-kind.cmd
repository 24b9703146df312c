variants --psl "$PSL" --kinds typo army.mil
