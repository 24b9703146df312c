check --psl "$PSL" -p "$LISTS/bad.list" bob@army.ml
