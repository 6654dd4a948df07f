"""/privacy: what the bot keeps about a person, and deleting it."""
