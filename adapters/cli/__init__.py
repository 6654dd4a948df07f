"""The `collab-bot` command line: console, run, db, and one group per feature."""
