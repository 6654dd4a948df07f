"""Housekeeping: old finished rows forgotten on a schedule."""
