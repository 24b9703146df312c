variants --psl "$PSL" --kinds omission,tld-typo --format json army.mil .mil
