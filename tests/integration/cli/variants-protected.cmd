variants --psl "$PSL" -p "$LISTS/protected.list" --kinds tld-typo .mil dla.mil
