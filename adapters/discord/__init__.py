"""The Discord adapter: slash commands, buttons, modals and posts through discord.py."""
