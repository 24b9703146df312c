variants --psl "$PSL" --kinds omission,tld-typo --format list army.mil .mil
