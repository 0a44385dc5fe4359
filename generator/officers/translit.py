"""Bengali → Latin letters for file names (slugs). Not a scholarly transliteration: it only has to
be readable, stable (the same title always gives the same slug, so a re-import finds its file)
and made of a-z, 0-9 and hyphens."""

from __future__ import annotations

import re
import unicodedata

from ..i18n import ascii_digits

_VOWELS = {"অ": "o", "আ": "a", "ই": "i", "ঈ": "i", "উ": "u", "ঊ": "u", "ঋ": "ri", "এ": "e", "ঐ": "oi",
           "ও": "o", "ঔ": "ou"}
_SIGNS = {"া": "a", "ি": "i", "ী": "i", "ু": "u", "ূ": "u", "ৃ": "ri", "ে": "e", "ৈ": "oi", "ো": "o", "ৌ": "ou"}
_CONSONANTS = {"ক": "k", "খ": "kh", "গ": "g", "ঘ": "gh", "ঙ": "ng", "চ": "ch", "ছ": "chh", "জ": "j", "ঝ": "jh",
               "ঞ": "n", "ট": "t", "ঠ": "th", "ড": "d", "ঢ": "dh", "ণ": "n", "ত": "t", "থ": "th", "দ": "d",
               "ধ": "dh", "ন": "n", "প": "p", "ফ": "f", "ব": "b", "ভ": "bh", "ম": "m", "য": "j", "র": "r",
               "ল": "l", "শ": "sh", "ষ": "sh", "স": "s", "হ": "h", "\u09dc": "r", "\u09dd": "rh", "\u09df": "y"}
_OTHERS = {"ৎ": "t", "ং": "ng", "ঃ": "h", "ঁ": "", "়": ""}
_HASANTA = "্"


def _prepare(text: str) -> str:
    # ড়, ঢ়, য় may be one code point or a letter + nukta; make them one key each.
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u09a1\u09bc", "\u09dc").replace("\u09a2\u09bc", "\u09dd").replace("\u09af\u09bc", "\u09df")


def latin(text: str) -> str:
    """Bengali letters to Latin; other letters and digits are kept (lowercased, ASCII digits)."""
    text = _prepare(ascii_digits(text))
    out: list[str] = []
    for i, char in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if char in _CONSONANTS:
            out.append(_CONSONANTS[char])
            # The inherent vowel is spoken inside a word, silent at its end and before a sign.
            if nxt and nxt not in _SIGNS and nxt != _HASANTA and (nxt in _CONSONANTS or nxt in _OTHERS):
                out.append("o")
        elif char in _VOWELS:
            out.append(_VOWELS[char])
        elif char in _SIGNS:
            out.append(_SIGNS[char])
        elif char in _OTHERS:
            out.append(_OTHERS[char])
        elif char == _HASANTA or unicodedata.category(char) in ("Mn", "Mc", "Cf"):
            continue
        else:
            out.append(char)
    return "".join(out)


def slugify(text: str, limit: int = 60) -> str:
    """A slug of at most `limit` characters, cut at a hyphen; '' when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", latin(text).lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return slug.strip("-")
