"""The action names of a library item's member buttons, apart from the views that show them
(so a module that builds a card elsewhere, such as a link preview, needs no renderer)."""

SAVE = "resources.save"
USEFUL = "resources.useful"
USEFUL_ANSWER = "resources.useful_answer"
OPEN = "resources.open"
SHARE_ONE = "resources.share_one"
SHARE_LABEL = "Share in channel"
