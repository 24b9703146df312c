variants --psl "$PSL" --kinds omission --format csv bücher.de
