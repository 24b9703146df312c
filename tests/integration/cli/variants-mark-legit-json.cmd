variants --psl "$PSL" --kinds omission --mark-legit --format json gmail.com
