variants --psl "$PSL" --kinds omission --mark-legit gmail.com
