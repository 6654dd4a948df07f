"""Tables of the topics feature."""
