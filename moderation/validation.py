"""Validation and defined normalisation of what a reader submits. Pure: no Flask, no database."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Letters and symbols that render as nothing: Hangul fillers, the blank Braille pattern, the
#: Mongolian vowel separator, the combining grapheme joiner, Khmer's invisible vowels.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5")
#: Joiners that Persian, Kurdish and emoji spelling need: kept inside names.
JOINERS = frozenset("\u200c\u200d")
#: Embedding, override and isolate controls: neutralised when a body is shown (stored as sent).
BIDI_EMBEDDING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def count_links(text: str) -> int:
    """Links in a comment, found by the detector screening uses (one detector for both)."""
    from moderation.normalize import fold
    from moderation.rules.promotion import link_spans

    return sum(kind == "link" for *_, kind in link_spans(fold(text).text))


def is_blank(text: str) -> bool:
    """Whether nothing of the text would be seen: spaces, format characters, invisible letters."""
    return all(ch.isspace() or ch in INVISIBLE or unicodedata.category(ch) == "Cf" for ch in text)


def neutral_bidi(text: str) -> str:
    """The text as shown: without bidi embedding/override/isolate controls (the stored body
    keeps them: comments are write-once), so no comment can reorder what follows it."""
    return BIDI_EMBEDDING.sub("", text)


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True)
class Limits:
    """Length limits, from configuration."""

    max_body_chars: int = 5000
    max_name_chars: int = 80
    max_email_chars: int = 254
    max_links: int = 3  # more links than this is refused: link-stuffed comments are spam


@dataclass(frozen=True, slots=True)
class CleanSubmission:
    """A submission that passed validation, in its stored form."""

    author_name: str
    author_email: str | None
    body: str


class SubmissionError(ValueError):
    """Fields are invalid; `errors` maps each field to a message a reader understands."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _bad_control(ch: str) -> bool:
    # Newlines and tabs are legitimate in a comment; every other C0/C1 control is not.
    return ch not in "\n\t" and unicodedata.category(ch) == "Cc"


def clean_body(raw: str, limits: Limits) -> tuple[str | None, str | None]:
    """(stored body, None) or (None, error message)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return None, "Your comment contains a NUL character; please remove it."
    if any(_bad_control(ch) for ch in text):
        return None, "Your comment contains invisible control characters; please remove them."
    text = text.strip()
    if is_blank(text):
        return None, "Please write a comment."
    if len(text) > limits.max_body_chars:
        return None, (
            f"Your comment is {len(text)} characters long; the limit is {limits.max_body_chars}."
        )
    links = count_links(text)
    if links > limits.max_links:
        return None, f"Your comment contains {links} links; the limit is {limits.max_links}."
    return text, None


def clean_name(raw: str, limits: Limits) -> tuple[str | None, str | None]:
    """(display name, None) or (None, error message)."""
    if "\x00" in raw or any(_bad_control(ch) for ch in raw.replace("\n", " ")):
        return None, "Your name contains control characters."
    # Format characters (bidi controls, soft hyphens, zero-width spaces) and invisible letters
    # go; the joiners Persian and Kurdish names are spelt with stay.
    name = "".join(
        ch
        for ch in raw
        if ch in JOINERS or (ch not in INVISIBLE and unicodedata.category(ch) != "Cf")
    )
    name = _SPACES.sub(" ", name.replace("\n", " ")).strip()
    if not name or is_blank(name):
        return None, "Please give a name to show with your comment."
    if len(name) > limits.max_name_chars:
        return None, f"Your name is too long; the limit is {limits.max_name_chars} characters."
    return name, None


def clean_email(raw: str | None, limits: Limits) -> tuple[str | None, str | None]:
    """(email or None when empty, None) or (None, error message)."""
    email = (raw or "").strip()
    if not email:
        return None, None
    if any(unicodedata.category(ch) == "Cc" for ch in email):
        return None, "That email address contains control characters."
    if len(email) > limits.max_email_chars or not _EMAIL.match(email):
        return None, "That email address does not look right; leave it empty if you prefer."
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}", None


def validate_submission(
    name: str | None, email: str | None, body: str | None, limits: Limits
) -> CleanSubmission:
    """Validate every field at once so the reader sees all problems together."""
    errors: dict[str, str] = {}
    clean_n, err = clean_name(name or "", limits)
    if err:
        errors["author_name"] = err
    clean_e, err = clean_email(email, limits)
    if err:
        errors["author_email"] = err
    clean_b, err = clean_body(body or "", limits)
    if err:
        errors["body"] = err
    if errors:
        raise SubmissionError(errors)
    assert clean_n is not None and clean_b is not None
    return CleanSubmission(author_name=clean_n, author_email=clean_e, body=clean_b)
