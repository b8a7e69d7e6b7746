"""What a reader may submit, and the defined normalisation of what is stored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.validation import Limits, SubmissionError, validate_submission

LIMITS = Limits(max_body_chars=100, max_name_chars=20)


@pytest.mark.parametrize(
    ("name", "email", "body", "expected"),
    [
        ("Ahmed", None, "Good article.", ("Ahmed", None, "Good article.")),
        ("  Lana  K  ", "", "  padded  ", ("Lana K", None, "padded")),
        ("Rê\u202eber", "Me@Example.ORG", "ok", ("Rêber", "Me@example.org", "ok")),
        ("Ali", None, "line one\r\nline two", ("Ali", None, "line one\nline two")),
        ("Ali", None, "كركوك مدينة جميلة", ("Ali", None, "كركوك مدينة جميلة")),
        ("Ali", None, "x" * 100, ("Ali", None, "x" * 100)),
        # Issue 13.13: soft hyphens and zero-width spaces leave names; Persian joiners stay.
        ("Rê\u00adber\u200b", None, "ok", ("Rêber", None, "ok")),
        ("علی\u200cرضا", None, "ok", ("علی\u200cرضا", None, "ok")),
        # A body keeps what was sent (write-once); bidi controls are neutralised on display.
        ("Ali", None, "ab\u202ecd", ("Ali", None, "ab\u202ecd")),
    ],
)
def test_accepted_and_normalised(name, email, body, expected) -> None:
    clean = validate_submission(name, email, body, LIMITS)
    assert (clean.author_name, clean.author_email, clean.body) == expected


@pytest.mark.parametrize(
    ("name", "email", "body", "field", "message"),
    [
        ("Ali", None, "", "body", "Please write a comment"),
        ("Ali", None, "   \n\t ", "body", "Please write a comment"),
        ("Ali", None, "\u200b\u200b\u202e", "body", "Please write a comment"),
        ("Ali", None, "\u3164\u3164 \u3164", "body", "Please write a comment"),  # Hangul filler
        ("Ali", None, "\u2800\u2800\n\u2800", "body", "Please write a comment"),  # blank Braille
        ("Ali", None, "\u00ad\u180e\u034f\ufeff", "body", "Please write a comment"),
        ("Ali", None, "x" * 101, "body", "101 characters long; the limit is 100"),
        ("Ali", None, "nul\x00byte", "body", "NUL"),
        ("Ali", None, "bell\x07", "body", "control characters"),
        ("", None, "ok", "author_name", "Please give a name"),
        ("\u200b", None, "ok", "author_name", "Please give a name"),
        ("\u3164", None, "ok", "author_name", "Please give a name"),
        ("\u2800 \u00ad", None, "ok", "author_name", "Please give a name"),
        ("\u200c\u200d", None, "ok", "author_name", "Please give a name"),
        ("n" * 21, None, "ok", "author_name", "too long"),
        ("Ali", "not-an-email", "ok", "author_email", "does not look right"),
        ("Ali", "a@b", "ok", "author_email", "does not look right"),
    ],
)
def test_refused_with_a_specific_message(name, email, body, field, message) -> None:
    with pytest.raises(SubmissionError) as info:
        validate_submission(name, email, body, LIMITS)
    assert message in info.value.errors[field]


def test_all_problems_reported_together() -> None:
    with pytest.raises(SubmissionError) as info:
        validate_submission("", "bad", "", LIMITS)
    assert set(info.value.errors) == {"author_name", "author_email", "body"}


@given(st.text(max_size=300))
def test_validation_never_crashes_and_stored_text_is_clean(text: str) -> None:
    try:
        clean = validate_submission("Reader", None, text, Limits())
    except SubmissionError as exc:
        assert set(exc.errors) == {"body"}
        return
    assert clean.body == clean.body.strip()
    assert "\x00" not in clean.body and "\r" not in clean.body
    assert 0 < len(clean.body) <= Limits().max_body_chars


def test_control_characters_in_email_refused() -> None:
    with pytest.raises(SubmissionError) as info:
        validate_submission("Ali", "a\x00b@example.org", "ok", LIMITS)
    assert "control characters" in info.value.errors["author_email"]


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ("See https://un.org/a and www.bbc.co.uk and http://x.org/1", True),
        ("https://a.example https://b.example https://c.example www.d.example", False),
        ("Numbers 1.2.3.4 and e.g. are not links", True),
    ],
)
def test_link_stuffed_comments_are_refused(body: str, ok: bool) -> None:
    if ok:
        assert validate_submission("Ali", None, body, Limits()).body == body
        return
    with pytest.raises(SubmissionError) as info:
        validate_submission("Ali", None, body, Limits())
    assert "contains 4 links; the limit is 3" in info.value.errors["body"]


def test_bidi_controls_are_neutralised_on_display_only() -> None:
    from web.filters import comment_text

    shown = str(comment_text("price \u202e001$ \u2066isolated\u2069 \u200fmark"))
    assert "\u202e" not in shown and "\u2066" not in shown and "\u2069" not in shown
    assert "001$" in shown and "\u200f" in shown  # the plain marks are harmless: kept
