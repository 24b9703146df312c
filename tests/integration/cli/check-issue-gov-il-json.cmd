check --psl "$PSL" --json a@gov.il
