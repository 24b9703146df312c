domain --psl "$PSL" 'x@bücher.de'
