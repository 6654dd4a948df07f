"""The action names of a library item's member buttons, apart from the views that show them
(so a module that builds a card elsewhere, such as a link preview, needs no renderer)."""

from bot.i18n import N_

SAVE = "resources.save"
USEFUL = "resources.useful"
USEFUL_ANSWER = "resources.useful_answer"
OPEN = "resources.open"
SHARE_ONE = "resources.share_one"
SHARE_LABEL = N_("Share in channel")  # translated where it is shown
