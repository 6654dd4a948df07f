"""Slack's own documented limits (Block Kit reference, chat.* and views.* API pages).

The Slack renderer clamps to these, never to `bot.limits` (which holds the stricter of both
platforms for the core, and Discord's values where Discord is the looser one).
"""

from __future__ import annotations

# Messages (chat.postMessage / postEphemeral / update, response_url)
MESSAGE_BLOCKS = 50
MESSAGE_TEXT = 4000  # Slack truncates `text` at 40,000 and asks for far less; one screen
MESSAGE_TEXT_HARD = 40_000

# Views: modals and the App Home
VIEW_BLOCKS = 100
MODAL_TITLE = 24
MODAL_BUTTON = 24  # submit and close
CALLBACK_ID = 255
PRIVATE_METADATA = 3000

# Blocks
BLOCK_ID = 255
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000  # a text object inside a context block: 3000 for mrkdwn, kept lower
ACTIONS_ELEMENTS = 25
INPUT_LABEL = 2000
INPUT_HINT = 2000

# Elements
ACTION_ID = 255
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BUTTON_URL = 3000
OPTION_TEXT = 75
OPTION_VALUE = 150
SELECT_OPTIONS = 100
PLACEHOLDER = 150
TEXT_INPUT_MIN = 1  # plain_text_input.max_length: 1..3000 inclusive
TEXT_INPUT_MAX = 3000

# Modal field errors (response_action: errors)
ERROR_TEXT = 2000


def input_max_length(wanted: int) -> int:
    """A plain_text_input max_length Slack accepts: within 1..3000."""
    return max(TEXT_INPUT_MIN, min(wanted, TEXT_INPUT_MAX))
