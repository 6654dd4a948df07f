"""Translation: the call's language, gettext functions, and dates written for the reader.

    from bot.i18n import _, N_, ngettext
    _("Saved.")                                     # in the call's language
    ngettext("{n} topic", "{n} topics", n).format(n=n)

Catalogs are bot/locale/<code>/LC_MESSAGES/messages.po (docs/languages.md).
"""

from bot.i18n.current import (
    N_,
    Speaking,
    _,
    in_language,
    language,
    ngettext,
    pgettext,
    set_speaking,
    speak,
    speaking,
)

__all__ = [
    "N_",
    "Speaking",
    "_",
    "in_language",
    "language",
    "ngettext",
    "pgettext",
    "set_speaking",
    "speak",
    "speaking",
]
