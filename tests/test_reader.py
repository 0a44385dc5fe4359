"""One meaning for every content file. The loader reads a file with yaml-rs when it can (fast) and
with PyYAML over libyaml when the file holds anything the fast reader is not trusted with (an
`&`, a tag, a document marker…): what a file means must not depend on which of them read it.
Plain scalars follow YAML 1.2's core schema, except that a number written with a leading zero
(a phone number, an officer's file number) stays the text written."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.load import load
from generator.load.source import (_CARE, _MAY_DIFFER, _READERS_DIFFER, CONTROL, Source, _careful, _fast, _usual, _yaml,
                                   read_source, split_front_matter, strings)
from test_validate import IDEA, IDEA_EN, OFFICES, TEAM, edit, write_tree

INF = float("inf")

# A plain scalar as written → what the loader must give for it, whichever reader reads the file.
MEANINGS = {
    "01711266085": "01711266085", "0171": "0171", "017": "017", "-017": "-017", "00": "00", "00.5": "00.5",
    "01711.234567": "01711.234567", "+8801711266085": 8801711266085, "0": 0, "-0": 0, "+12": 12,
    "10:30": "10:30", "1:20:30": "1:20:30", "1_000": "1_000", "0b101": "0b101", "0X1F": "0X1F", "+0x1F": "+0x1F",
    "0o17": 15, "0x1F": 31, "1e3": 1000.0, "-.5": -0.5, ".5": 0.5, "5.": 5.0,
    ".inf": INF, "-.Inf": -INF, ".iNf": ".iNf",
    "yes": "yes", "No": "No", "on": "on", "OFF": "OFF", "y": "y", "n": "n",
    "true": True, "True": True, "TRUE": True, "tRue": "tRue", "false": False,
    "~": None, "null": None, "Null": None, "NULL": None, "": None, "nUll": "nUll",
    "2023-01-05": "2023-01-05", "2023-02-30": "2023-02-30", "2023-01-05 10:30:00": "2023-01-05 10:30:00",
    "<<": "<<", "=": "=",
}


def canon(value):
    """The data with every type spelled out (True == 1 == 1.0 in Python; nan != nan)."""
    if isinstance(value, dict):
        return {"dict": [(canon(k), canon(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return [canon(v) for v in value]
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def read(tmp_path: Path, text: str, name: str = "x.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems: list = []
    source = read_source(path, name, problems)
    assert problems == [], problems
    return source.data


@pytest.mark.parametrize("written", list(MEANINGS))
def test_a_plain_scalar_means_the_same_on_both_readers(tmp_path, written):
    """`remarks: 01711266085` was the number 1711266085 in a file without `&` and the text
    "01711266085" in a file with one; `10:30` was "10:30" or 630."""
    expected = canon(MEANINGS[written])
    alone = read(tmp_path, f"remarks: {written}\n")
    beside_an_ampersand = read(tmp_path, f"remarks: {written}\nsummary: ছুটি & ভাতা\n")
    in_flow_after_a_tag = read(tmp_path, f"remarks: {{v: {written}}}\nsummary: !!str x\n")
    assert canon(alone["remarks"]) == expected
    assert canon(beside_an_ampersand["remarks"]) == expected
    assert canon(in_flow_after_a_tag["remarks"]["v"]) == expected


@pytest.mark.parametrize("key", ["yes", "no", "on", "1", "017", "true", "null", "~", "1_000", "10:30"])
def test_a_key_is_the_text_written(tmp_path, key):
    assert list(read(tmp_path, f"{key}: x\n")) == [key]
    assert list(read(tmp_path, f"{key}: x  # & more\n")) == [key]


def test_the_models_get_dates_and_answers_from_either_reader(tmp_path, monkeypatch):
    """Dates, yes/no answers and amounts reach the models as text or numbers, never as YAML 1.1
    dates or booleans, and the bank is the same whether or not a file holds an ampersand."""
    monkeypatch.chdir(tmp_path)
    banks = []
    for summary in ("জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন।", "ছুটি & অনুমোদন।"):
        root = write_tree(tmp_path / str(len(banks)), ideas={
            "online-leave.md": edit(IDEA, "  bn: জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন।", f"  bn: {summary}"),
            "online-leave.en.md": IDEA_EN})
        bank, found = load(root / "content")
        assert found == []
        idea = bank.ideas["online-leave"].item
        assert (str(idea.dates.started), idea.service.running, idea.awards[0].year) == ("2016-02-01", True, 2017)
        banks.append(idea.model_dump(exclude={"summary"}))
    assert banks[0] == banks[1]


@pytest.mark.parametrize("text", [IDEA.split("---\n")[1], TEAM.split("---\n")[1], *OFFICES.values()])
def test_ordinary_files_take_the_fast_reader(text):
    """The property test below is not vacuous, and the bank's own files keep yaml-rs's speed."""
    assert _fast(text) is not None


# ---- both readers agree on every document the loader accepts ------------------------------------

TRICKY = [*MEANINGS, "Yes", "NO", "On", "Y", "N", "FALSE", "False", "0O17", "0o8", "0x", "0xg", "0b", "08", "+0",
          "-01", "+017", "0001", "00.0", "1__0", "_1", "1e_5", "0x_1F", "1_e5", ".nan", ".NaN", ".NAN", "+.nan",
          "nan", "inf", "+.inf", ".INF", "-.inf", "1E3", "1e+3", "1e-3", "1.5e3", "1.e3", ".5e3", "+.5e3", "0e0",
          "0e5", "001e3", "1e400", "-1e400", "1e", "e3", ".e3", "-.e3", "+.", "-", "+", ".", "1.0.0", "1,000",
          "12345678901234567890123", "১২৩", "০১৭১১২৬৬০৮৫", "2023-01-05T10:30:00Z", "190:20:30", "1 2", "a b",
          "x: y", "#", "a #b", "'", '"', "\\", "@x", "`x", "%x", "|", ">", "a\tb", "é", "\u200b", "title", "bn"]
numberish = st.text(alphabet="0123456789_.+-eExXoObBaAfFiInN:", min_size=1, max_size=8)
indicators = st.text(alphabet="ab01 :?|>-#,[]{}'\"", min_size=1, max_size=5)
token = st.one_of(st.sampled_from(TRICKY), numberish, indicators)


# Written as they are: escapes, continued and folded lines, comments, brackets left open.
RAW = ['"\\N\\_\\/\\e\\0\\ \\\t"', '"a\\\n  b"', '"a\n\n  b  \n  c"', "'a\n  b'", "a\n  b\n\n  c", "'it''s'",
       '"\\u00e9\\U0001F600"', '"\\x41"', "[a, # c\n  b]", "[a,\n  b]", "{a: 1,\n  b: 2}", "[a, b, ]", "{a: 1, }",
       '{"a":1}', "[\"a\":1]", "x #c", "x\t#c", "\u00a0x", "x\u200b"]


@st.composite
def scalar(draw) -> str:
    text = draw(token)
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(RAW))
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text, ensure_ascii=draw(st.booleans()))
    return text


def block(node, indent: int) -> str:
    """The node as the value after `key:` or `-`, in block style where it is a collection."""
    pad = " " * indent
    kind, content = node
    if kind == "scalar":
        return " " + content if content else ""
    if kind == "flow":
        return " " + content
    if kind == "block":
        header, lines = content
        return f" {header}" + "".join(f"\n{pad}  {line}" if line.strip() else f"\n{line}" for line in lines)
    lines = []
    for key, value in content if kind == "map" else (("-", v) for v in content):
        lead = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        lines.append(lead + block(value, indent + 2))
    return "\n" + "\n".join(lines) if lines else (" {}" if kind == "map" else " []")


def flow(node) -> str:
    kind, content = node
    if kind in ("scalar", "flow"):
        return content
    if kind == "map":
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in content) + "}"
    if kind == "seq":
        return "[" + ", ".join(flow(v) for v in content) + "]"
    return json.dumps("\n".join(content[1]))


def _nodes(children):
    key = st.one_of(st.sampled_from(["title", "remarks", "a", "b", "bn", "en"]), scalar())
    return st.one_of(st.tuples(st.just("map"), st.lists(st.tuples(key, children), max_size=4)),
                     st.tuples(st.just("seq"), st.lists(children, max_size=4)))


block_lines = st.lists(st.one_of(st.sampled_from(TRICKY[:40]), st.sampled_from(["", "  ", " x", "#c"])), max_size=3)
block_header = st.sampled_from(["|", ">", "|-", "|+", ">-", ">+", "|2", ">1", "| #c"])
leaf = st.one_of(st.tuples(st.just("scalar"), scalar()),
                 st.tuples(st.just("block"), st.tuples(block_header, block_lines)))
node = st.recursive(leaf, _nodes, max_leaves=10)


@st.composite
def document(draw) -> str:
    entries = draw(st.lists(st.tuples(st.one_of(st.sampled_from(["title", "remarks", "a", "b"]), scalar()), node),
                            min_size=1, max_size=5))
    lines = []
    for key, value in entries:
        if value[0] in ("map", "seq") and draw(st.booleans()):
            value = ("flow", flow(value))
        lines.append(f"{key}:" + block(value, 2 if value[0] in ("map", "seq") else 0))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "  # note\n", "\n\n"]))


# HOSTILE_EXAMPLES=5000 searches longer, as for tests/test_hostile_input.py.
@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 300)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=document())
@example(text="remarks: 01711266085\n")
@example(text="remarks: 10:30\n")
@example(text="remarks: [0o17, 0x1F, 1_000, .iNf, 017]\n")
@example(text="remarks:\n  - 1e_5\n  - {0: a}\n")
@example(text="title: |\n")  # yaml-rs: "\n", libyaml: ""
@example(text="title: [|, ?]\n")  # yaml-rs: ["|", "?"], libyaml: refused
@example(text="title: [:0, x:]\n")  # the same
@example(text='title: {"b\\\n  n": x, a\n  : 1}\n')  # yaml-rs: {"bn": "x", "a": 1}, libyaml: refused
def test_both_readers_give_the_same_data(text):
    """Whenever the fast reader accepts a document, the careful reader accepts it too and gives
    exactly the same data (types included), and the texts the personal-data check reads are the
    data's; and the loader's answer is the careful reader's."""
    careful_problems: list = []
    careful = _careful(Source(Path("x.yaml"), "x.yaml"), text, 0, careful_problems)
    texts: list = []
    fast = _fast(text, texts)
    if fast is not None:
        assert careful_problems == [], (text, fast)
        assert canon(fast) == canon(careful), text
        assert texts == strings(careful, None, numbers=True), text
    problems: list = []
    data = _yaml(Source(Path("x.yaml"), "x.yaml"), text, 0, problems)
    assert canon(data) == canon(careful) and problems == careful_problems, text


def _marked(text: str) -> bool:
    """What the fast reader's two scans find: a mark it is not trusted with, or text on which the readers differ."""
    return (any(mark in text for mark in _CARE)
            or any(differ.search(text) for _, differ in _READERS_DIFFER))


# Every character the marks and the patterns around them are made of, a few that only Python's
# \w, \s or ignoring case take, and whole marks.
_MARK_PARTS = [*"0123456789_.+-eEbBoOxXiInNfFaAzZ|>[]{},:?\n\t #&*!<\\'\"", "ı", "İ", "ক", "\u09be", "১", "\xa0",
               "\u3000", "\u2028", "\x85", "\ufeff", "\ufffd", "inf", "nan", "0x", "---", "...", "- " * 20, " " * 60]


@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 300)), deadline=None)
@given(text=st.one_of(st.lists(st.sampled_from(_MARK_PARTS), max_size=12).map("".join), document()))
@example(text="a_1")
@example(text="ক_1")  # a letter before: no mark for Python; Rust's pattern may find more
@example(text=".ınf")
@example(text="x: -0x1\n")
def test_the_one_look_misses_no_mark(text):
    """The fast reader asks Rust's regex crate once whether a text may hold a mark, and looks with
    the exact scans only where it may: the one look must find every text the scans would."""
    if _marked(text):
        assert _MAY_DIFFER.isinstance_python(text), text


@pytest.mark.parametrize("text", [IDEA.split("---\n")[1], TEAM.split("---\n")[1], *OFFICES.values()])
def test_ordinary_files_need_no_second_look(text):
    """Rust's pattern finds no mark in the bank's own files: they are not scanned again."""
    assert not _MAY_DIFFER.isinstance_python(text)


def _front_matter_by_lines(text: str):
    """The front matter's rule, line by line: the first line is `---` (blanks around it allowed),
    and the next line that is `---` or `...` (blanks after it allowed) ends it."""
    lines = text.split("\n")
    if not text.startswith("---") or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["---", "...", "--- ", "---\u3000", " ---", "----", "-- -", "..", "\n", "\n", "\t",
                                 "a: 1", "x", " ", "\u2028"]), max_size=12).map("".join))
@example("---")
@example("---\n---")
@example("---\n---\n")
@example("--- \n...  \nbody")
def test_the_front_matter_ends_where_its_rule_says(text):
    for written in (text, "---\n" + text):
        assert split_front_matter(written) == _front_matter_by_lines(written), written


def test_the_search_in_the_bytes_finds_each_unusual_character():
    """read_text looks for control characters and line separators in a file's bytes, where it is
    quicker: it finds each one, at the start, in the middle and at the end of a text, and no other
    character (every one below U+10000 and the last of each plane)."""
    for code in [*range(0xD800), *range(0xE000, 0x10000), *range(0x1FFFF, 0x110000, 0x10000)]:
        char = chr(code)
        unusual = bool(CONTROL.match(char)) or char in "\u2028\u2029"
        for text in (char, f"কো{char}x", f"ab{char}"):
            assert _usual(text.encode()) is not unusual, f"U+{code:04X}"
