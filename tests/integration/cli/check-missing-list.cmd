check --psl "$PSL" -p /nonexistent/protected.list a@example.org
