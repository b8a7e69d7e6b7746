"""Promotion without a link: text-message offers and channel self-promotion.

Two shapes the link and contact patterns of rules.promotion miss:
- premium-rate offers: "txt WIN to 80086", "reply YES for a callback", "150p/msg", "you have
  been selected for a £500 prize" — a call to text a keyword or short code, a per-message
  price, or several offer signals together (a prize + a claim + "free" + T&Cs);
- self-promotion of a channel or its media: "subscribe to my chanel", "I'll subscribe back",
  "help me reach 100 subscribers", "check out our new video", "I did a cover of this".
Single signals are ordinary in news comments ("free parking", "the club won £500", "I
subscribe to that view", "check out the council's own figures"), so the weak ones count only
together.
"""

from __future__ import annotations

import re

from moderation.guidelines import Category
from moderation.normalize import View
from moderation.rules.context import Finding

_COMMERCIAL = Category.COMMERCIAL_PROMOTION.value
_PERSONAL = Category.PERSONAL_PROMOTION.value

# "txt WIN to 80086", "Text 1, 2 or 3 to 83049", "texting MOAN to 69888", "reply with: WIN to ..."
_TEXT_TO_CODE = re.compile(
    r"\b(?:txt|text|texting|txting|reply|replying|send|sms|msg)\b(?:\s*:)?"
    r"(?:\s*[\w#&,+:*-]+){0,6}?\s+(?:to|on|2)\s*(?:no\s*[:.]?\s*)?(?:[1-9]\d{3,5}|"
    r"0[89]\d{2}\s?\d{6,7})(?![\d.,]|\s\d)"
)
# A per-message or per-week price, or premium-rate small print: "150p/msg", "(100p/sms)",
# "£1.50/week", "msg cost 150p", "18+ only".
_PREMIUM = re.compile(
    r"\b\d{1,4}\s*p\s*(?:/|per\s*)\s*(?:\w{0,8}?(?:msg|sms|min|txt|text|tone|wk|week|day|call|"
    r"mt))|\b\d{2,4}p\s*(?:pm|ppm|min|msg)\b|\b\d+\s*ppm\b|"
    r"(?:£|\bgbp\s?)\d+(?:[.,]\d\d)?\s*(?:/|per\s*)\s*(?:msg|sms|min|txt|wk|week|mt\w*|call)\b|"
    r"\b(?:one|1|two|2)\s*gbp\s*/\s*(?:sms|msg)\b|\bmsgrcvd|\bmtmsg\w*|"
    r"\b(?:cost|costs|costing|charged|billed|chg)\s+(?:just\s+|only\s+)?\d{2,4}p\b"
)
# Reply with a keyword typed in capitals: "reply YES", "text STOP", "txt GIRL".
_KEYWORD = re.compile(r"\b(?:txt|text|reply|send)\s+(?:back\s+)?(?:with\s*:?\s*|word\s*:\s*)?")
_NOT_KEYWORDS = frozenset({"me", "ok", "asap", "lol", "pls", "plz", "u", "you", "it", "back", "i"})

# Weak signals: a comment with three different ones is an offer.
_SIGNALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("prize", re.compile(r"\b(?:prize|prizes|jackpot|winner|winners|won|win|wins|awarded|"
                         r"reward|bonus|voucher|vouchers|gift\s*card|giveaway|draw)\b")),
    ("claim", re.compile(r"\b(?:claim|collect|redeem|guaranteed|selected|chosen)\b")),
    ("money", re.compile(r"[£$€]\s?\d|\b\d[\d,.]{0,15}\s?(?:pounds|quid|dollars|usd|gbp)\b")),
    ("free", re.compile(r"\bfree\b")),
    ("act", re.compile(r"\b(?:txt|reply|call|ring|click|visit|register|sign\s+up|download|order|"
                       r"subscribe|dial|apply|enter|join)\b(?:\s+\w+){0,3}?\s+(?:now|today|"
                       r"asap|immediately|free)\b|\b(?:now|today)\s*!|\bact\s+now\b|"
                       r"\bdon'?t\s+miss\s+out\b")),
    ("terms", re.compile(r"\bt\s*&\s*c'?s?\b|\bterms\s+(?:and|&)\s+conditions\b|\b18\s*\+|"
                         r"\bopt\s*-?\s*out\b|\bunsubscribe\b|\bpo\s*box\b|\bltd\b|"
                         r"\b(?:customer|loyalty|service)\s+(?:offer|message|msg)\b")),
    ("mobile", re.compile(r"\b(?:ringtones?|polys?|tones|wallpapers?|camera\s*phones?|"
                          r"video\s*phones?|ur\s+mob(?:ile)?|your\s+mob|ipod|mp3|mins|credit|"
                          r"callback|network)\b")),
    ("offer", re.compile(r"\b(?:offer|offers|deal|deals|discount|bargain|special|exclusive|"
                         r"urgent|limited|latest|brand\s+new|cash|chance)\b")),
)  # fmt: skip
_MIN_SIGNALS = 3
_DIGIT = re.compile(r"\d")

_MEDIA = (
    r"(?:vids?|videos?|channels?|chanell?s?|channles?|songs?|music|tracks?|raps?|page|app|"
    r"apps|website|site|shop|store|blog|vlogs?|parody|covers?|remix(?:es)?|album|mixtape|"
    r"playlist|podcast|stream|profile|band|stuff|content|art|game|sound)"
)
_SELF_PROMO = re.compile(
    # subscribe as a request: "subscribe!", "please subscribe", "sub back", "subscribe to me".
    r"(?:^|[.!?,:;)\-]\s*|\b(?:please|pls|plz|pleas|come|go|and|guys|so|just|now|also|must)\s+)"
    r"(?:subscri(?:be|b)|suscribe|subcribe|sucscribe|sub)\b(?!\s+to\s+(?:the|that|this|your|"
    r"his|her|their|a|an)\b)(?!\s+(?:fee|fees|price|prices|cost|costs|charge|model|rate)\b)|"
    r"\b(?:subscribe|sub|like|follow)\s+(?:back|4\s+(?:sub|like|follow)|for\s+(?:sub|like|"
    r"follow))\b|\bi(?:'?ll|\s+will)\s+(?:subscribe|sub|follow|like)\s+(?:you\s+)?back\b|"
    r"\b(?:subscribes?|subs?)\s+(?:to|on|for)\s+(?:me|us|my|our|mine)\b|"
    r"\bsubscribe\s+(?:and|&|n)\s+(?:like|share|comment|follow|watch|enjoy)\b|"
    r"\b(?:like|share|comment|watch|follow)\s*(?:,|and|&|n)?\s*subscrib?e?\b|"
    r"\bclick\s+(?:on\s+)?the\s+subscribe\b|\bsubscribers\s+(?:please|pls|plz|wanted|needed)\b|"
    # subscriber counts: "help me reach 100 subscribers", "my first subscriber".
    r"\b(?:help\s+me|get\s+me|reach|hit|get\s+to|to\s+get|my\s+first|our\s+first|"
    r"be\s+my|become\s+my|become\s+our)\s+(?:\w+\s+){0,2}?subscribers?\b|"
    r"\b(?:with|have|got|of|get|reach|hit|at)\s+\d[\d,.]*k?\s+subscribers\b|"
    r"\b(?:i|we)(?:'ve|\s+have|\s+just)?\s+(?:made|started|started\s+up|launched|opened)\s+(?:a|my|"
    r"our)\s+(?:new\s+)?(?:\w+\s+)?(?:youtube\s+)?channel\b|"
    r"\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+getting\s+(?:popular|known|famous|noticed)\b|"
    # my/our channel and media: "on my channel", "our new song", "I did a cover".
    rf"\b(?:my|our)\s+(?:new\s+|latest\s+|first\s+|little\s+|youtube\s+|own\s+)*"
    r"(?:channel|chanell?|channle|youtube|vids|playlist|mixtape|raps?|vlogs?|covers?|parody|"
    r"remix(?:es)?|music\s+videos?|hit\s+song|new\s+(?:songs?|videos?|tracks?|single))\b"
    r"(?!\s+of\b)|"
    r"\b(?:i|we)\s+(?:just\s+)?(?:did|made|make|upload|uploaded|posted|recorded)\s+(?:a|an|some|"
    r"my|our)?\s*(?:\w+\s+)?(?:covers?|remix|parody|videos?\s+(?:on|about)\s+my)\b|"
    r"\b(?:i\s+upload|new\s+youtuber|small\s+youtuber|(?:i'?m|we'?re|i\s+am|we\s+are)\s+"
    r"(?:a|an)\s+(?:\w+\s+){0,2}?(?:youtuber|vlogger|streamer))\b|"
    # check out my/our media, check us out, come/go check it out.
    rf"\b(?:check|checking|watch|view)\s+(?:out\s+)?(?:my|our)\s+(?:new\s+|newest\s+|latest\s+|"
    rf"first\s+)?{_MEDIA}\b|"
    r"\b(?:check|checking)\s+(?:us|me|em|'em|them)\s+out\b|"
    r"\bcheck\s+(?:out\s+)?(?:this\s+(?:\S+\s+)?|\"[^\"]{2,40}\"\s+)channel\b|"
    r"\b(?:subscribe\s+to|follow\s+me(?:\s+on)?)\s+(?:<[^>]{0,200}>\s*)*[+@]\s?[a-z0-9]|"
    r"\b(?:come|go|pls|please)\s+(?:and\s+)?check\s+(?:out\s+)?(?:us|it|our|my)\b|"
    r"\btake\s+a\s+look\s+at\s+(?:this|my|our)\s+(?:video|channel)\s+on\s+you\s*tube?\b|"
    # a video link without its host, and an app store listing.
    r"\bwatch\?v=[\w-]{6,}|\byou\s*tube\s*/\s*(?:c/|user/)?[a-z][\w.-]{3,}|"
    r"\bplay\.google\.com/store/\S+|\bapps\.apple\.com/\S+|"
    # a domain with spaces around its dots: "mtvema. com/vote", "marketglory . com".
    r"\b[a-z][a-z0-9-]{2,}\s?\.\s(?:com|net|org|co\.uk|tv|biz)\b(?:/\S*)?|"
    r"\b[a-z][a-z0-9-]{2,}\s\.\s?(?:com|net|org|tv|biz)\b(?:/\S*)?|"
    # a bitcoin address after a request for money.
    r"\b(?:donate|send|tip)\b[^.!?\n]{0,40}?\b(?:bc1|[13])[a-z0-9]{25,39}\b"
)
_COMMERCIAL_STARTS = ("donate", "send", "tip")
# A word every _SELF_PROMO alternative needs: most comments skip the long pattern.
_SELF_PROMO_GATE = re.compile(
    r"sub|suscri|sucscri|channel|chanel|channle|you\s*tub|upload|check|watch\?v|play\.google|"
    r"like\s+(?:you\s+)?(?:back|4|for)|music\s+video|hit\s+song|streamer|videos?\s+(?:on|about)|"
    r"new\s+(?:songs?|videos?|tracks?|single)|"
    r"apps\.apple|donate|send|\btip|follow|getting|cover|remix|parody|playlist|mixtape|\braps?\b|"
    r"vlog|\bvids\b|\s\.\s?(?:com|net|org|tv|biz)\b|\.\s(?:com|net|org|co\.uk|tv|biz)\b"
)


def find_spam(view: View) -> list[Finding]:
    """Offer and self-promotion findings in a folded view."""
    text = view.text
    found: list[Finding] = []
    has_digit = _DIGIT.search(text) is not None
    for m in _TEXT_TO_CODE.finditer(text) if has_digit else ():
        found.append(
            Finding(
                _COMMERCIAL, m.start(), m.end(), "promotion/en: text to short code", "short-code"
            )
        )
    for m in _PREMIUM.finditer(text) if has_digit else ():
        found.append(
            Finding(_COMMERCIAL, m.start(), m.end(), "promotion/en: premium rate", "premium-rate")
        )
    if not found:
        found.extend(_keyword_replies(view))
    if not found:
        found.extend(_offer_signals(text))
    for m in _SELF_PROMO.finditer(text) if _SELF_PROMO_GATE.search(text) else ():
        start = m.start()
        while start < m.end() and text[start] in " .!?,:;)-":
            start += 1
        matched = text[start : m.end()]
        # App listings, spaced-out domains and donation requests sell; the rest is the author.
        commercial = "." in matched or matched.startswith(_COMMERCIAL_STARTS)
        category = _COMMERCIAL if commercial else _PERSONAL
        found.append(
            Finding(category, start, m.end(), "promotion/en: self-promotion", "self-promotion")
        )
    return found


def _keyword_replies(view: View) -> list[Finding]:
    """ "Reply YES", "text STOP": a keyword in capitals in the original after txt/reply/send."""
    found = []
    for m in _KEYWORD.finditer(view.text):
        word = re.match(r"[a-z0-9]{2,12}\b", view.text[m.end() :])
        if word is None or word[0] in _NOT_KEYWORDS:
            continue
        start, end = view.span(m.end(), m.end() + len(word[0]))
        typed = view.original[start:end]
        if typed.isupper() and len(typed) >= 3:
            found.append(
                Finding(
                    _COMMERCIAL,
                    m.start(),
                    m.end() + len(word[0]),
                    "promotion/en: keyword",
                    "keyword-reply",
                )
            )
    return found


def _offer_signals(text: str) -> list[Finding]:
    """Three different offer signals make an offer; the evidence is the first of them."""
    first: list[re.Match[str]] = []
    for i, (_, pattern) in enumerate(_SIGNALS):
        if len(first) + len(_SIGNALS) - i < _MIN_SIGNALS:
            return []  # too few signals left to reach the minimum
        m = pattern.search(text)
        if m is not None:
            first.append(m)
    if len(first) < _MIN_SIGNALS:
        return []
    m = min(first, key=lambda x: x.start())
    return [
        Finding(_COMMERCIAL, m.start(), m.end(), "promotion/en: offer signals", "offer-signals")
    ]
