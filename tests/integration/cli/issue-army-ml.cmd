domain --psl "$PSL" 'Bob@ARMY.ML.'
