"""Content text is NFC. The loader decides with a search whether text needs normalising
(generator/load/nfc.py); whatever it decides, the text must come out as unicodedata makes it."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import nfc
from generator.load.nfc import BLOCKS, as_nfc

IN_BLOCKS = [chr(c) for low, high in BLOCKS for c in range(low, high + 1)]
PLAIN = [*"aZ0 -\n", "à", "ক", "য", "ড", "ে", "া", "ো", "ৌ", "ৗ", "।", "—", "৳"]
# Characters outside the blocks that combine with, or are reordered around, characters inside.
OUTSIDE = ["\u0301", "\u0323", "\u0316", "\u0338", "\u1161", "\u11a8", "\uac00", "\u1100", "\u0b47", "\u0b3e",
           "\u0cc6", "\u0cc2", "\u0cd5", "\u1e0c", "\u0344", "\u00e9\u0301", "\U0001f600", "\u2126"]
# Every character of the blocks that is not plain text on its own, with a few that are.
INTERESTING = sorted({c for c in IN_BLOCKS if c not in nfc.KNOWN or unicodedata.decomposition(c)
                      or unicodedata.combining(c) or c in nfc._COMBINES} | set(PLAIN) | set(OUTSIDE))
BENGALI = [c for c in INTERESTING if "\u0980" <= c <= "\u09ff"] + ["\u0301", "\u0323", "à", "ক"]


def test_every_pair_of_characters_comes_out_as_unicodedata_makes_it():
    for a, b in itertools.product(INTERESTING, repeat=2):
        assert as_nfc(a + b) == unicodedata.normalize("NFC", a + b), [hex(ord(c)) for c in a + b]


def test_every_three_bengali_marks_and_signs_come_out_as_unicodedata_makes_them():
    for chars in itertools.product(BENGALI, repeat=3):
        text = "".join(chars)
        assert as_nfc(text) == unicodedata.normalize("NFC", text), [hex(ord(c)) for c in text]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(INTERESTING + IN_BLOCKS[0x980 - 0x700:0xa00 - 0x700]), max_size=12).map("".join))
def test_any_text_comes_out_as_unicodedata_makes_it(text):
    assert as_nfc(text) == unicodedata.normalize("NFC", text)


def test_no_character_outside_the_blocks_combines_two_inside():
    """What makes the search exact: a pair the search does not know cannot appear in text it
    decides on (Unicode's stability policy keeps a new character of this kind out of NFC)."""
    inside = set(IN_BLOCKS)
    for char in map(chr, range(0x110000)):
        mapping = unicodedata.decomposition(char)
        if mapping and not mapping.startswith("<") and char not in inside:
            parts = "".join(chr(int(code, 16)) for code in mapping.split())
            assert not (set(parts) <= inside and unicodedata.normalize("NFC", parts) == char), hex(ord(char))


def test_bengali_text_as_typed_is_composed():
    typed = "য\u09bcে\u09be ড\u09bc ক\u09c7\u09be"  # য়ো, ড়, কো written as their parts
    assert as_nfc(typed) == unicodedata.normalize("NFC", typed) != typed
