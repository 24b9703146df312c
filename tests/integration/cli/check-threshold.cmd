check --psl "$PSL" --threshold 0.9 bob@army.ml me@gmial.com
