check --psl "$PSL" me@gmial.com
