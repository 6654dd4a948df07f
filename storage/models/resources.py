"""Tables of the resources feature."""
