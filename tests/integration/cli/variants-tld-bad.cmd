variants --psl "$PSL" --kinds tld-swap --tld "$LISTS/tlds-bad.txt" army.mil
