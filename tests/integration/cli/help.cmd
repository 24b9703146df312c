domain --help
