"""Action names other modules share without importing the views that handle them."""

# A button any feature may offer to turn text into a suggestion: Action(SUGGEST_ACTION, (text,)).
SUGGEST_ACTION = "topics.suggest"
