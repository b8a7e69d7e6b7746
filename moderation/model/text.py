"""What the model reads: the comment with Kurdish letters its base vocabulary lacks replaced.

all-MiniLM-L6-v2's WordPiece vocabulary (English, uncased) has the Arabic and Persian letters
but not the ones Sorani adds (ە ۆ ێ ڕ ڵ ڤ ...), so a Sorani word holding one becomes a single
[UNK] token and says nothing. Each is replaced by the nearest letter the vocabulary has (the
letter without its Kurdish diacritic), the way Sorani is often typed on Arabic keyboards.
Training and inference use the same function.
"""

from __future__ import annotations

_KURDISH = str.maketrans(
    {
        "ە": "ه",  # ae
        "ۆ": "و",  # o
        "ۇ": "و",
        "ۈ": "و",
        "ۋ": "و",
        "ێ": "ی",  # e
        "ڕ": "ر",  # rr
        "ڵ": "ل",  # ll
        "ڤ": "ف",  # v
        "ژ": "ز",  # zh
        "\u200c": " ",  # zero-width non-joiner (Persian, Sorani): a word boundary to the tokenizer
    }
)


def model_text(text: str) -> str:
    """The text as the model reads it (same length: offsets into it are offsets into text)."""
    return text.translate(_KURDISH)


def _is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


#: Letters Turkish and Kurmanji write and English does not (dotless i, g with breve, s cedilla,
#: Kurmanji's circumflex vowels).
_TURKIC_KURMANJI = frozenset("ğıışêîûĞİŞÊÎÛ")


def script_of(text: str) -> str:
    """ "arabic" when most letters are Arabic-script (Sorani, Arabic, Persian); "latin-tr" for
    Latin-script text holding letters of Turkish or Kurmanji; else "latin". The combiner keeps
    thresholds per group: the models read each differently, and one shared threshold lets the
    noisier group use up the others' false-flag budget."""
    arabic = latin = 0
    turkic = False
    for ch in text:
        if ch.isalpha():
            if _is_arabic_script(ch):
                arabic += 1
            else:
                latin += 1
                turkic = turkic or ch in _TURKIC_KURMANJI
    if arabic > latin:
        return "arabic"
    return "latin-tr" if turkic else "latin"
