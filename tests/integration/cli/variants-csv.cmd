variants --psl "$PSL" --kinds omission,tld-typo --format csv army.mil .mil
