"""Tables of the journey feature."""
