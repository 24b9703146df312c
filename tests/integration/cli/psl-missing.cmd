domain --psl /nonexistent/psl.dat army.mil
