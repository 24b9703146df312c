domain --psl "$PSL" --json 'Bob@ARMY.ML.' 'x@bücher.de' 'a@b..c' 'gov.il' '<>' '[IPv6:2001:DB8::1]'
