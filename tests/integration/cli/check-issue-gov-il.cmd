check --psl "$PSL" a@gov.il
