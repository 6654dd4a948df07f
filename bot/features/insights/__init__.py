"""Organizer insights: what members search for and miss, ask for, and take part in."""
