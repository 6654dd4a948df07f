"""Adapters translate platforms (Slack, Discord, the console) to and from the core."""
