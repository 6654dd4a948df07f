"""An item's language: a code from what people write ("Spanish", "es-MX"), or a guess.

Codes are ISO 639-1 (``en``, ``es``). The guess reads only the words every text of a
language uses (articles, prepositions) and its letters (ñ, ¿): a title and a line of
description are enough, and no word list or model has to load.
"""

from __future__ import annotations

import re
import unicodedata

ENGLISH = "en"
SPANISH = "es"
MAX_CODE = 8
# Names people give a language in a spreadsheet, folded (lowercase, no accents).
NAMES: dict[str, str] = {
    **dict.fromkeys(("english", "ingles", "eng", "en"), ENGLISH),
    **dict.fromkeys(("spanish", "espanol", "castellano", "spa", "es"), SPANISH),
    **dict.fromkeys(("french", "francais", "frances", "fra", "fre", "fr"), "fr"),
    **dict.fromkeys(("portuguese", "portugues", "por", "pt"), "pt"),
    **dict.fromkeys(("chinese", "chino", "zho", "chi", "zh"), "zh"),
    **dict.fromkeys(("vietnamese", "vietnamita", "vie", "vi"), "vi"),
    **dict.fromkeys(("korean", "coreano", "kor", "ko"), "ko"),
    **dict.fromkeys(("arabic", "arabe", "ara", "ar"), "ar"),
    **dict.fromkeys(("haitian creole", "kreyol", "creole", "hat", "ht"), "ht"),
    **dict.fromkeys(("tagalog", "filipino", "tgl", "tl"), "tl"),
    **dict.fromkeys(("russian", "ruso", "rus", "ru"), "ru"),
}
# Each language by its own name, as a card shows it to readers of that language.
SHOWN: dict[str, str] = {
    ENGLISH: "English",
    SPANISH: "Español",
    "fr": "Français",
    "pt": "Português",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "ko": "한국어",
    "ar": "العربية",
    "ht": "Kreyòl ayisyen",
    "tl": "Tagalog",
    "ru": "Русский",
}
_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$")

# Words frequent in one language and rare in the other (as written, folded).
_SPANISH_WORDS = frozenset(
    {
        *("de", "del", "la", "las", "el", "los", "y", "para", "con", "por", "una", "en"),
        *("que", "sus", "su", "al", "como", "mas", "sobre", "entre", "desde", "sin"),
        *("salud", "comunidad", "comunidades", "guia", "familias", "personas", "ninos"),
        *("servicios", "atencion", "derechos", "trabajadores", "nuestra", "nuestras"),
    }
)
_ENGLISH_WORDS = frozenset(
    {
        *("the", "and", "of", "for", "to", "with", "on", "by", "from", "is", "are", "an"),
        *("this", "that", "how", "what", "your", "their", "our", "into", "about", "at"),
        *("health", "community", "communities", "guide", "people", "care", "report"),
    }
)
# Letters and marks that English text does not use.
_SPANISH_LETTERS = re.compile("[ñ¿¡áéíóú]")
_WORD = re.compile(r"[^\W\d_]+")


def code(value: str) -> str | None:
    """The code for a written language ("Español", "es-419", "ES"); "" for none given;
    None when it names no language we know (the caller says what to write instead)."""
    folded = _fold(value).strip()
    if not folded:
        return ""
    if folded in NAMES:
        return NAMES[folded]
    match = _CODE.match(folded)
    return match.group(1) if match else None


def shown(language: str) -> str:
    """A language's own name ("Español"); a code we have no name for, as it is."""
    return SHOWN.get(language, language)


def guess(*texts: str) -> str:
    """``es`` when the text reads as Spanish, else ``en`` (the library's usual language)."""
    text = " ".join(texts).lower()
    # Folded once, and only when there is an accent to fold: imports guess every row.
    words = _WORD.findall(text if text.isascii() else _fold(text))
    spanish = sum(word in _SPANISH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    spanish += 2 * len(_SPANISH_LETTERS.findall(text))
    return SPANISH if spanish >= 2 and spanish > 1.5 * english else ENGLISH


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
