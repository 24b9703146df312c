variants --psl "$PSL" --kinds omission --mark-legit --format csv gmail.com
