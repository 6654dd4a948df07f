"""Tests of the events feature: scheduling, reminders, calendars and time zones."""
