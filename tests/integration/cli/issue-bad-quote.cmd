domain --psl "$PSL" '"unbalanced@army.mil'
