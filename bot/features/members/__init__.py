"""Members: one person across linked Slack and Discord accounts."""
