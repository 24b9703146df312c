variants --psl "$PSL" --kinds omission,tld-typo --format postfix-access army.mil .mil
