variants --psl "$PSL" --kinds omission army..mil gmail.com
