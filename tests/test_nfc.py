"""Content text is NFC. The loader lets Python's quick check decide whether text needs
normalising once it has set aside Bengali's া and ৗ (generator/load/source.py, as_nfc); whatever
it decides, the text must come out as unicodedata makes it."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.source import _COMBINED, _COMBINING, _LOOK, CONTROL, NFC_KEPT, _usual, as_nfc, read_text

BENGALI = [chr(c) for c in range(0x0980, 0x0A00)]
# Characters that decompose, combine or are reordered, from the scripts and marks content holds,
# with a few plain ones.
OTHERS = [*"aZ0 -\n।—“৳", "\u00e0", "\u00e9", "\u1e0d", "\u0301", "\u0323", "\u0316", "\u0338", "\u0344", "\u0928",
          "\u093c", "\u0929", "\u094d", "\u0958", "\u0b47", "\u0b3e", "\u0b4b", "\u0cc6", "\u0cc2", "\u0cd5", "\u1100",
          "\u1161", "\u11a8", "\uac00", "\u200c", "\u200d", "\u2126", "\uf900", "\U0001f600"]
CHARS = BENGALI + OTHERS
KEPT = [chr(c) for first, last in NFC_KEPT for c in range(first, last + 1)]


def _pairs() -> list[tuple[str, str]]:
    """Every two characters that a third combines, by unicodedata: (first, second)."""
    found = []
    for char in map(chr, range(0x110000)):
        mapping = unicodedata.decomposition(char)
        if mapping and not mapping.startswith("<"):
            parts = "".join(chr(int(code, 16)) for code in mapping.split())
            if len(parts) == 2 and unicodedata.normalize("NFC", parts) == char:
                found.append((parts[0], parts[1]))
    return found


def test_only_the_vowel_sign_e_combines_with_aa_and_au_length_mark():
    """What as_nfc relies on: া and ৗ combine with ে alone, and with nothing after them; no
    character decomposes into anything ending in ে; and on their own they are NFC."""
    pairs = _pairs()
    assert sorted(first + second for first, second in pairs if second in _COMBINING) == sorted(_COMBINED)
    assert not [pair for pair in pairs if pair[0] in _COMBINING]
    assert not [c for c in map(chr, range(0x110000)) if unicodedata.normalize("NFD", c)[-1:] == "\u09c7" != c]
    assert all(unicodedata.combining(c) == 0 and unicodedata.normalize("NFC", c) == c for c in _COMBINING)


def test_every_two_characters_come_out_as_unicodedata_makes_them():
    for a, b in itertools.product(CHARS, repeat=2):
        assert as_nfc(a + b) == unicodedata.normalize("NFC", a + b), [hex(ord(c)) for c in a + b]


def test_every_three_bengali_signs_and_marks_come_out_as_unicodedata_makes_them():
    signs = [c for c in BENGALI if unicodedata.category(c).startswith("M") or unicodedata.decomposition(c)]
    for chars in itertools.product(signs + ["ক", "য", "\u0301", "\u0323"], repeat=3):
        text = "".join(chars)
        assert as_nfc(text) == unicodedata.normalize("NFC", text), [hex(ord(c)) for c in text]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CHARS), max_size=12).map("".join))
def test_any_text_comes_out_as_unicodedata_makes_it(text):
    assert as_nfc(text) == unicodedata.normalize("NFC", text)


def test_bengali_typed_as_its_parts_is_composed():
    typed = "য\u09bcে\u09be ড\u09bc ক\u09c7\u09be ক\u09c7\u09d7"  # য়ো, ড়, কো, কৌ written as their parts
    assert as_nfc(typed) == unicodedata.normalize("NFC", typed) != typed


def test_the_characters_kept_as_they_are_combine_only_as_the_look_says():
    """What read_text's one look (source._LOOK) relies on: each character it lets pass is
    NFC on its own, a character read_text neither refuses nor changes, and a starter but for
    three marks; of two such characters, only ে before া or ৗ combine, and only ্ or ৾ before ়
    and ৾ before ্ are out of canonical order: those pairs it finds."""
    marks = {"\u09bc": 7, "\u09cd": 9, "\u09fe": 230}
    for char in KEPT:
        assert unicodedata.normalize("NFC", char) == char and not CONTROL.search(char), hex(ord(char))
        assert char not in "\r\x85\u2028\u2029" and unicodedata.combining(char) == marks.get(char, 0), hex(ord(char))
    kept = set(KEPT)
    combined = sorted(a + b for a, b in _pairs() if a in kept and b in kept)
    assert combined == sorted(_COMBINED)
    disordered = [a + b for a in marks for b in marks if marks[a] > marks[b]]
    assert sorted(disordered) == sorted(["\u09cd\u09bc", "\u09fe\u09bc", "\u09fe\u09cd"])
    for text in combined + disordered:
        assert _LOOK.isinstance_python(("ক" + text + "ক").encode())
    plain = "".join(c for c in KEPT if not c.isdigit() and c not in "@\u09c7\u09cd")  # (it looks for numbers, addresses)
    assert not _LOOK.isinstance_python(plain.encode())


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(CHARS + KEPT[::7] + ["\r", "\x85", "\u2028", "\u202e", "\x7f", "\t"]),
                max_size=12).map("".join))
def test_a_text_the_look_lets_pass_is_nfc_and_usual(text):
    if not _LOOK.isinstance_python(text.encode()):
        assert unicodedata.is_normalized("NFC", text) and _usual(text.encode())


def test_a_file_not_in_nfc_is_read_in_nfc(tmp_path):
    path = tmp_path / "a.md"
    for text in ("ক\u09c7\u09be ১২", "ক\u09cd\u09bc", "\u09dc", "ড\u09bc ও e\u0301"):
        path.write_bytes(text.encode())
        assert read_text(path, "a.md", []) == unicodedata.normalize("NFC", text)
