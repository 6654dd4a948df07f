"""/help: the commands a caller may use."""
