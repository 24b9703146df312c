domain --psl "$PSL" army.mil 'a@army.nl'
