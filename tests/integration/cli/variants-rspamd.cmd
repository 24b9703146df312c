variants --psl "$PSL" --kinds omission,tld-typo --format rspamd army.mil .mil
