"""Tables of the events feature."""
