"""The optional HTTP server: health, the calendar feed, and Slack's HTTP mode."""
