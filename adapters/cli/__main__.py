"""`python -m adapters.cli` runs the collab-bot command."""

from adapters.cli.main import main

main()
