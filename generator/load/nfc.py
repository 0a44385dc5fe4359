"""Text in Unicode's composed form (NFC), at the cost of one search. Python normalises Bengali
the slow way: its quick check gives up at every া (U+09BE), which may combine with a preceding
ে (U+09C7) into ো, and then decomposes and recomposes the whole text, the most costly step of
reading 10,000 innovations. Yet text is NFC unless one of its characters changes on its own,
or a character that decomposes or combines is followed by one that may combine with it or be
reordered after it; a search for those finds nearly nothing in real text.

The check knows the characters of a few blocks, and learns what each does from unicodedata as
the module loads (about a thousand characters). Text holding any other character is normalised
as before. It is exact for these blocks: no character outside them combines with two inside
(tests/test_reader.py checks it against every character; Unicode's stability policy keeps it so).
"""

from __future__ import annotations

import re
import unicodedata

# Latin, Devanagari (its danda ends Bengali sentences) and Bengali, punctuation, currency and
# letterlike symbols (৳ is Bengali's own; №, ₹).
BLOCKS = ((0x0000, 0x02FF), (0x0900, 0x09FF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x214F))


def char_class(chars: set[str] | frozenset[str]) -> str:
    """A regular expression's character class (without brackets) of the characters, as ranges."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in runs)


def _tables() -> tuple[frozenset[str], re.Pattern, re.Pattern, dict[str, int], set[str]]:
    known = {chr(c) for low, high in BLOCKS for c in range(low, high + 1)}
    changes: set[str] = set()  # never in NFC text: ড় (U+09DC) is ড + ়
    starts: set[str] = set()  # decompose (é, ো), or combine with what follows (ে + া → ো)
    combines: set[str] = set()  # combine with what precedes (া)
    marks: dict[str, int] = {}  # the characters of a combining class other than 0 (়, ্), and it
    for char in known:
        if unicodedata.normalize("NFC", char) != char:
            changes.add(char)
        if unicodedata.combining(char):
            marks[char] = unicodedata.combining(char)
        mapping = unicodedata.decomposition(char)
        if mapping and not mapping.startswith("<"):
            starts.add(char)
            parts = "".join(chr(int(code, 16)) for code in mapping.split())
            # (é is e + U+0301, which is outside the blocks: text holding it is normalised anyway)
            if len(parts) == 2 and parts[1] in known and unicodedata.normalize("NFC", parts) == char:
                starts.add(parts[0])
                combines.add(parts[1])
    # Searches that each start at one character class are several times faster than one search
    # of alternatives: a mark or a combining character after a character that decomposes or
    # combines; and two marks in a row (in Bengali, a nukta and a hasanta, as in য়্, nearly
    # always in their order: such places are looked at one by one).
    return (frozenset(known - changes), re.compile(f"[{char_class(starts)}][{char_class(combines | set(marks))}]"),
            re.compile(f"[{char_class(set(marks))}](?=[{char_class(set(marks))}])"), marks, combines)


# KNOWN: the characters of the blocks that are NFC on their own.
KNOWN, _COMBINING, _MARKS, _CLASS, _COMBINES = _tables()
_OUTSIDE = re.compile(f"[^{char_class(KNOWN)}]")


def as_nfc(text: str, known: bool = False) -> str:
    """The text in NFC: itself (no copy) when nothing in it can change. With `known`, the caller
    has found every character of the text among KNOWN."""
    if (not known and _OUTSIDE.search(text)) or _COMBINING.search(text) \
            or any(_reordered(text, m.start()) for m in _MARKS.finditer(text)):
        return unicodedata.normalize("NFC", text)
    return text


def _reordered(text: str, at: int) -> bool:
    """Whether the mark after the one at `at` comes first in NFC, or combines with the character
    before both."""
    return _CLASS[text[at]] > _CLASS[text[at + 1]] or text[at + 1] in _COMBINES
