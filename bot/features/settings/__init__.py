"""/settings: one place for a person's choices (time zone, reminders, journey, digest, …)."""
