variants --psl "$PSL" --kinds tld-swap --tld "$LISTS/tlds.txt" army.mil
