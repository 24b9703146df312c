variants --help
