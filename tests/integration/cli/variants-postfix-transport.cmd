variants --psl "$PSL" --kinds omission,tld-typo --format postfix-transport army.mil .mil
