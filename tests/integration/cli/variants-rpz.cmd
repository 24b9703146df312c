variants --psl "$PSL" --kinds omission,tld-typo --format rpz army.mil .mil
