variants --psl "$PSL" army..mil "a b.com" com
