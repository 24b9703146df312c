check --psl "$PSL" -P army..nl -P army.nl a@army.ml
