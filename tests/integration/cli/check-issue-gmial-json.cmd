check --psl "$PSL" --json me@gmial.com
