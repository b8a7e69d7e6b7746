"""The languages this site's readers write, in one place.

Rule-list folders (moderation/lists/<code>/), admins' run-time terms and the language a
comment is filed under all use these codes (ISO 639: `ckb` Central Kurdish / Sorani, `kmr`
Northern Kurdish / Kurmanji). Adding a language is adding it here and a list folder.
"""

from __future__ import annotations

#: Code -> English name, in the order forms list them.
SITE_LANGUAGES: dict[str, str] = {
    "en": "English",
    "ckb": "Kurdish (Sorani)",
    "kmr": "Kurdish (Kurmanji)",
    "ar": "Arabic",
    "fa": "Persian",
    "tr": "Turkish",
}


def is_site_language(code: str) -> bool:
    """Whether ``code`` is one of SITE_LANGUAGES (exact, lower case)."""
    return code in SITE_LANGUAGES
