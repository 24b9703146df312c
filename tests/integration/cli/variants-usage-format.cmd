variants --psl "$PSL" --format exim army.mil
