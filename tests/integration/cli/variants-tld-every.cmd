variants --psl "$PSL" --kinds transposition --tld-every --format csv army.nl
