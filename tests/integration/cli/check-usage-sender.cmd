check --psl "$PSL" --sender "a@@" a@example.org
