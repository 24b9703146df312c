check --psl "$PSL" --allow "$LISTS/allow.list" bob@army.ml a@army.nl
