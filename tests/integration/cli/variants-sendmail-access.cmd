variants --psl "$PSL" --kinds omission,tld-typo --format sendmail-access army.mil .mil
