"""`collab-bot doctor`: check a deployment before members see it."""
