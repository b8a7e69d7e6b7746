"""Promotion: links, contact details, messaging handles and spam phrases.

The split between the two categories (guidelines.REASONS):
- commercial_promotion: selling or advertising a product, service, business or money-making
  scheme — links to sites off the domain allowlist, "buy now", "promo code", "earn $500 from home";
- personal_promotion: the author promoting themself — their channel, page or social profile
  (links to YouTube/Instagram/TikTok/Telegram profiles, "subscribe to my channel"), and their
  contact details (phone numbers, emails, messaging handles, "add me on Snapchat").
News numbers ("2,000 people", "in 2024", "£3.5bn", "call 999") are not contact details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from moderation.guidelines import Category
from moderation.rules.context import Finding
from moderation.rules.family import Reading
from moderation.rules.spam import find_spam

_COMMERCIAL = Category.COMMERCIAL_PROMOTION.value
_PERSONAL = Category.PERSONAL_PROMOTION.value

# Top-level domains accepted for bare domains ("cheapvisa.com"). Short ones that are also
# words ("in", "it", "is", "at", "to", "me" alone...) are left out so a missing space after a
# full stop ("the council.it was") is not read as a link.
_TLDS = (
    r"com|net|org|info|biz|io|co|tv|xyz|online|site|shop|store|top|club|live|app|dev|ly|gg|"
    r"ru|uk|eu|de|fr|nl|pl|tk|ml|ga|cf|iq|ir|pk|ng|ke|ae|sa|cn|vip|win|bid|loan|click|link|"
    r"work|icu|buzz|fun|space|website|tech|pro|ws|cc|me|tr|az|ua|kz|es|se|ch|in|us|ca|au|be"
)
_WORDY_TLDS = frozenset({"me", "in", "us", "be", "ca", "co", "es", "se", "pro", "fun", "live",
                         "work", "click", "link", "win", "top", "club", "shop", "store", "space",
                         "app", "dev", "tech", "site", "online", "website"})  # fmt: skip
# A scheme however disguised ("hxxp://", "http ://", "https:\\\\"), "www.", or scheme-relative
# "//host.tld".
_URL = re.compile(
    r"\bh[tx]{2}ps?\s?:\s?[/\\]{2}[^\s<>\"']+|\bwww\.[^\s<>\"']+"
    r"|(?<![\w:/\\])//(?=[a-z0-9-]+\.[a-z])[^\s<>\"']+"
)
#: Dots a link may be written with that folding leaves alone (ideographic full stop, and its
#: halfwidth and vertical forms): read as "." (one character for one, offsets unchanged).
_LINK_DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\ufe12": "."})
_BARE_DOMAIN = re.compile(
    rf"(?<![@\w.-])((?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS}))"
    r"(?:/[^\s<>\"']*)?(?![\w@-])"
)
_DOT = (
    r"(?:\s*\[\s*(?:\.|dot)\s*\]\s*|\s*\(\s*(?:\.|dot)\s*\)\s*|\s*\{\s*(?:\.|dot)\s*\}\s*|"
    r"\s+dot\s+)"
)
_OBFUSCATED_DOMAIN = re.compile(
    rf"\b(?:www{_DOT})?([a-z0-9][a-z0-9-]{{1,62}}(?:{_DOT}[a-z0-9][a-z0-9-]{{1,62}})*{_DOT}"
    rf"(?:{_TLDS}))\b"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b")
_EMAIL_SPELLED = re.compile(
    r"\b[\w.+-]{2,}\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+)\s*"
    r"(?:gmail|yahoo|hotmail|outlook|live|icloud|aol|proton(?:mail)?|mail|gmx|yandex|msn)"
    rf"(?:{_DOT}|\.)(?:com|net|org|co|uk|de|fr|ru)\b"
)
# Phone numbers: a leading + or 0, then 9-15 digits with single spaces, dots, dashes or
# brackets between them; or the North American 3-3-4 shape.
_PHONE = re.compile(
    r"(?<![\w.,/£$€])(?:\+|00|0)\s?\(?\d(?:[\s().-]{0,2}\d){8,14}(?![\w.,]?\d)|"
    r"(?<![\w.,/£$€])\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\w.,]?\d)"
)
_DIGIT_WORDS = r"zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|plus"
_SPELLED_PHONE = re.compile(rf"\b(?:(?:{_DIGIT_WORDS})[\s,.-]+){{6,}}(?:{_DIGIT_WORDS})\b")
# Platforms whose name followed by ":" or "@" introduces a handle. "line", "signal" and
# "threads" are only platforms after "add me on": "bottom line: ..." is not a handle.
_PLATFORMS_STRICT = (
    r"whats\s*app|whatsapp|watsapp|telegram|snap\s*chat|snapchat|snap|insta(?:gram)?|ig|"
    r"tik\s*tok|tiktok|kik|viber|wechat|discord|skype|facebook|fb|twitter|onlyfans|twitch|"
    r"soundcloud|youtube|yt"
)
_PLATFORMS = rf"{_PLATFORMS_STRICT}|signal|threads|spotify|line"
_HANDLE = re.compile(
    rf"\b(?:{_PLATFORMS_STRICT})\s*(?:id|name|handle|number|no|account)?\s*(?:[:=@-])\s*@?"
    r"(?!(?:the|a|an|and|is|was|for|to|of|in|on|it|group|channel|chat|page|post|video|"
    r"account|app|message|messages)\b)[\w.]{3,}|"
    r"\b(?:add|follow|message|msg|text|contact|reach|find|dm|hit|join|call|ping)\s+"
    rf"(?:me|us)\s+(?:up\s+)?(?:on|at|via|@|through)\s+(?:{_PLATFORMS})\b|"
    rf"\b(?:{_PLATFORMS_STRICT})\s+(?:me|us)\b|"
    r"\b(?:follow|add|check\s+out|subscribe\s+to|sub\s+to)\s+@[\w.]{3,}|"
    r"(?:\bt\.me|\bwa\.me|\bchat\.whatsapp\.com|\binstagram\.com|\btiktok\.com/@)/?[\w./@-]*"
)
_PERSONAL_HOSTS = (
    "youtube.com", "youtu.be", "instagram.com", "tiktok.com", "t.me", "wa.me", "facebook.com",
    "fb.com", "twitter.com", "x.com", "snapchat.com", "soundcloud.com", "twitch.tv",
    "linktr.ee", "patreon.com", "whatsapp.com", "telegram.me", "vimeo.com", "spotify.com",
)  # fmt: skip
_MONEY = re.compile(
    r"\b(?:earn|make|making|earning|get\s+paid|made|makes|earned)\s+(?:up\s+to\s+|over\s+|"
    r"around\s+|an?\s+extra\s+)?(?:[$£€]\s?\d[\d,.]*\s?k?|\d[\d,.]*\s?k?\s?(?:\$|£|€|dollars|"
    r"pounds|euros|usd|gbp))(?:\s*\+)?\s+(?:a|per|every|each|/)\s*(?:day|week|month|hour|hr)\b|"
    r"\b(?:earn|make|making|earning)\s+(?:\S+\s+){0,3}(?:from|at)\s+home\b|"
    r"\b(?:use|enter|apply)\s+(?:my\s+|the\s+|promo\s+|discount\s+|coupon\s+)?code\s+"
    r"[a-z0-9]*\d[a-z0-9]*\b|"
    # Premium-rate text offers: "txt WIN to 87121", "150p/msg", "£1.50 per week".
    r"\b(?:txt|text|send|reply|sms)\s+(?:[\w#]+\s+){0,3}(?:to|on)\s+\d{4,6}\b|"
    r"\b\d+p\s*(?:/|per\s*)(?:msg|min|txt|text|tone|wk|week|day)\b|"
    r"£\d+(?:\.\d\d)?\s*(?:/|per\s*)(?:msg|min|txt|wk|week)\b"
)


# A number given for a public service ("call the council on 0300 ...") is not self-promotion.
_PUBLIC_SERVICE = re.compile(
    r"\b(?:council|police|nhs|helpline|hotline|samaritans|childline|crimestoppers|ambulance|"
    r"hospital|surgery|ministry|embassy|consulate|emergency|non-emergency|111|101|"
    r"municipality|governorate|directorate|department|red\s+crescent|unhcr|iom|ombudsman|"
    r"civil\s+defen[cs]e|fire\s+brigade|commission|court)\b"
)
_ANY_DIGIT = re.compile(r"\d")


def host_of(link: str) -> str:
    """The lower-case host of a link or bare domain, without "www.", port or path."""
    host = re.sub(r"^(?:h[tx]{2}ps?\s?:\s?)?[/\\]{2}", "", link.lower().translate(_LINK_DOTS))
    host = re.split(r"[/?#:\s]", host, maxsplit=1)[0]
    return host.removeprefix("www.").strip(".")


def domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Whether a host is an allowlisted domain or one of its sub-domains."""
    return any(host == d or host.endswith("." + d) for d in allowed)


class PromotionRules:
    """Compiled promotion patterns; built once per RuleSet."""

    name = "promotion"
    languages = frozenset({"*"})  # links, phone numbers and handles look alike in every language
    reads_repair = False

    def __init__(self, allowed_domains: Iterable[str]) -> None:
        self.allowed = tuple(sorted({d.lower().strip().removeprefix("www.") for d in
                                     allowed_domains if d.strip()}))  # fmt: skip

    def _link_finding(self, start: int, end: int, link: str) -> Finding | None:
        host = host_of(link)
        if host in _APP_STORES and ("/store" in link or "/app" in link):
            return Finding(
                _COMMERCIAL, start, end, f"promotion/en: app store link {host}", "app-store-link"
            )
        if not host or "." not in host or domain_allowed(host, self.allowed):
            return None
        personal = domain_allowed(host, _PERSONAL_HOSTS)
        category = _PERSONAL if personal else _COMMERCIAL
        return Finding(category, start, end, f"promotion/en: link {host}", "link")

    def wants(self, reading: Reading) -> bool:
        """Always: a link or a phone number needs no word."""
        return not reading.repaired

    def find(self, reading: Reading) -> list[Finding]:
        """Promotion findings in the folded view (leetspeak left as typed: links have digits)."""
        view = reading.folded
        text = view.text.translate(_LINK_DOTS)
        found: list[Finding] = []
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        for start, end, link, kind in link_spans(text):
            taken.append((start, end))
            if kind == "email":
                found.append(Finding(_PERSONAL, start, end, "promotion/en: email address", "email"))
                continue
            finding = self._link_finding(start, end, link)
            if finding:
                found.append(finding)
        has_digit = _ANY_DIGIT.search(text) is not None
        phones = [_SPELLED_PHONE, _PHONE] if has_digit else [_SPELLED_PHONE]
        for pattern in phones:
            for m in pattern.finditer(text):
                if (
                    free(m.start(), m.end())
                    and self._plausible_phone(m[0])
                    and not _PUBLIC_SERVICE.search(text[max(0, m.start() - 50) : m.start()])
                ):
                    taken.append(m.span())
                    found.append(
                        Finding(
                            _PERSONAL, m.start(), m.end(), "promotion/en: phone number", "phone"
                        )
                    )
        for m in _HANDLE.finditer(text):
            if free(m.start(), m.end()):
                found.append(
                    Finding(
                        _PERSONAL,
                        m.start(),
                        m.end(),
                        "promotion/en: messaging or social handle",
                        "handle",
                    )
                )
        for m in _MONEY.finditer(text):
            found.append(
                Finding(_COMMERCIAL, m.start(), m.end(), "promotion/en: money offer", "money-offer")
            )
        found.extend(find_spam(view))
        return found

    @staticmethod
    def _plausible_domain(domain: str, has_path: bool) -> bool:
        """A bare domain, not an abbreviation, decimal or sentence run-on ("u.s.", "3.5")."""
        labels = domain.split(".")
        if any(len(label) < 2 for label in labels):
            return False
        if all(label.isdigit() for label in labels[:-1]):
            return False
        # "the council.in my view": word-like TLDs count only with a path or a sub-domain.
        # A hyphenated name ("cheap-watches.shop") is no sentence run-on either.
        return labels[-1] not in _WORDY_TLDS or has_path or len(labels) >= 3 or "-" in labels[-2]

    @staticmethod
    def _plausible_phone(text: str) -> bool:
        digits = [c for c in text if c.isdigit()]
        if text.strip()[0].isdigit() and not text.strip().startswith("0") and len(digits) != 10:
            return False
        words = re.findall(r"[a-z]+", text)
        if words:
            # Spelled digits: at least seven digit words, and not just a count ("one two three").
            return sum(1 for w in words if w not in {"double", "triple", "plus"}) >= 7
        return 9 <= len(digits) <= 15


# App listings are advertising even on an allowlisted domain (google.com).
_APP_STORES = frozenset({"play.google.com", "apps.apple.com", "itunes.apple.com"})
_NOT_LABELS = frozenset({"the", "a", "an", "this", "that", "of", "and", "or", "my", "your"})


def link_spans(text: str) -> list[tuple[int, int, str, str]]:
    """Every link in a folded text: (start, end, link, kind), kind "link" or "email".

    The one link detector: screening flags what it finds (PromotionRules.find) and the
    submission's link limit counts it (validation.count_links), so a link that escapes one
    escapes neither (issue 13.12): schemes however disguised, "www.", scheme-relative links,
    bare domains ("cheap-watches.shop"), obfuscated dots ("example dot com", "[.]"),
    ideographic and fullwidth dots.
    """
    text = text.translate(_LINK_DOTS)
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    has_dot = "." in text
    for m in _URL.finditer(text) if has_dot or "//" in text else ():
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]'\"":
            end -= 1
        taken.append((m.start(), end))
        out.append((m.start(), end, text[m.start() : end], "link"))
    for m in _EMAIL.finditer(text) if "@" in text else ():
        if free(m.start(), m.end()):
            taken.append(m.span())
            out.append((m.start(), m.end(), m[0], "email"))
    for m in _BARE_DOMAIN.finditer(text) if has_dot else ():
        if not free(m.start(), m.end()) or not PromotionRules._plausible_domain(m[1], "/" in m[0]):
            continue
        taken.append(m.span())
        out.append((m.start(), m.end(), m[0], "link"))
    for m in _EMAIL_SPELLED.finditer(text) if " at" in text or "(at" in text else ():
        if free(m.start(), m.end()):
            taken.append(m.span())
            out.append((m.start(), m.end(), m[0], "email"))
    obfuscated = " dot " in text or "[" in text or "(" in text or "{" in text
    for m in _OBFUSCATED_DOMAIN.finditer(text) if obfuscated else ():
        if not free(m.start(), m.end()):
            continue
        host = re.sub(_DOT, ".", m[1])
        if host.split(".")[0] in _NOT_LABELS:
            continue
        taken.append(m.span())
        out.append((m.start(), m.end(), host, "link"))
    return sorted(out)
