"""Reading one content file: bytes → text (UTF-8, BOM, NFC) → YAML front matter and Markdown
body, with the line and column of every field so problems can point at them."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
import yaml_rs
from pydantic_core import SchemaValidator, core_schema

from .problems import Problem
from .syntax import CURLY_OPEN, curly_quoted, syntax_code

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40
_SEPARATORS = str.maketrans("\x85\u2028\u2029", "   ")
# Control characters other than tab and line feed (they break the site's XML feeds and hide in
# text), the bidirectional overrides that make text display differently from what it holds, and
# Unicode's 66 noncharacters (U+FDD0–U+FDEF and the last two of each plane), which are never text:
# U+FFFE and U+FFFF are not XML 1.0 either, and a feed that holds one is refused whole by its readers.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_NONCHARACTERS}]")
# What read_text changes or refuses: a control character (a carriage return and NEL among them),
# a noncharacter or a line or paragraph separator. Nearly no file holds any. Looked for in the
# file's UTF-8 bytes: each ASCII one by `in` (a memchr: 26 of them cost half of one bytes.translate),
# and the others, each two or three bytes that start with \xc2 or \xe2 (a noncharacter's three or
# four with \xef to \xf4), by a search that starts at one byte, only in a file that holds that byte
# (few do). In all, 49,000 instructions for the bench's innovation file of 4.4 KB, where a
# bytes.translate and both searches took 114,000 (valgrind, before the noncharacters' six looks).
_UNUSUAL_ASCII = bytes(range(0x09)) + bytes(range(0x0b, 0x20)) + b"\x7f"
_UNUSUAL_C1 = re.compile(b"\xc2[\x80-\x9f]")  # U+0080–U+009F
_UNUSUAL_FORMAT = re.compile(b"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")  # U+2028–U+202E, U+2066–U+2069
# The noncharacters' UTF-8 (the bytes are valid UTF-8: a lead byte is followed by what it may be)
_UNUSUAL_NONCHARACTER = re.compile(b"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")
_NONCHARACTER_LEADS = (b"\xef", b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")
# Bengali's two vowel signs that combine with the character before them, and that character:
# ে + া is ো, ে + ৗ is ৌ (tests/test_nfc.py checks these against unicodedata).
_COMBINING = "\u09be\u09d7"
_COMBINED = ("\u09c7\u09be", "\u09c7\u09d7")

Path_ = tuple  # a field path such as ("service", "running") or ("awards", 0, "year")


@dataclass
class Source:
    """One parsed file: its data, its Markdown body and where each field sits."""

    path: Path
    shown: str  # the path as problems print it
    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    unmarked: tuple[str, int] | None = None  # (YAML text, line offset) whose marks are not yet read
    texts: list[str] | None = None  # strings(data, None, numbers=True), when the fast reader gathered them
    quiet: bool = False  # no personal data can be in its data and body (_LOOK found nothing in the file)
    refused: bool = False  # held a control character: its other checks run, but it is never built from

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column of the nearest field on the path that exists in the file."""
        if self.unmarked is not None:  # only files with a problem ever need their marks
            text, offset = self.unmarked
            self.unmarked = None
            try:
                _Walk(self, offset, []).visit(_Marks(text).get_single_node(), ())
            except yaml.YAMLError:
                pass  # read by yaml-rs only: problems then point at the start of the file
        loc = tuple(loc)
        while loc and loc not in self.marks:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def body_shown(self, lang: str) -> str:
        """The file a body's problems name: this one for Bengali, its `.en.md` twin for English."""
        return self.shown if lang == "bn" else self.shown.rsplit(".", 1)[0] + ".en.md"

    def problem(self, loc: Path_, code: str, **values) -> Problem:
        line, column = self.where(loc)
        return Problem.of(self.shown, line, column, dotted(loc), code, **values)


class Reread(Source):
    """A content file's Source without its text (a worker's record, one the cache keeps): its
    lines are read again from the file when a problem asks for them. The file holds the bytes the
    record was made from: one that changed is loaded again."""

    def where(self, loc: Path_) -> tuple[int, int]:
        if not self.__dict__.get("read_again"):
            self.read_again = True
            again = read_source(self.path, self.shown, [])
            if again is not None:
                self.marks, self.unmarked = again.marks, again.unmarked
        return super().where(loc)


def dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def as_nfc(text: str) -> str:
    """The text in Unicode's composed form (NFC); the text itself when it is so already. Python's
    quick check gives up at every া and ৗ, which may combine with a ে before them, and then
    decomposes and recomposes the whole text: for Bengali, nearly always. Where no ে precedes
    them they combine with nothing, and the quick check decides without them. (A sign the text
    does not hold is neither looked for after ে nor taken out: ৗ seldom is there.)"""
    others = text
    for sign, combined in zip(_COMBINING, _COMBINED):
        if sign in others:
            if combined in text:
                return unicodedata.normalize("NFC", text)
            others = others.replace(sign, "")
    return text if unicodedata.is_normalized("NFC", others) else unicodedata.normalize("NFC", text)


def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return as_nfc(value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


class _Walk:
    """Records each key's position, and refuses duplicate and complex keys. Aliases and deep
    nesting never reach it: _refused turns them away first, and the fast path never takes them."""

    def __init__(self, source: Source, offset: int, problems: list[Problem]):
        self.source, self.offset, self.problems = source, offset, problems

    def mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def add(self, loc, node, code, **values):
        line, column = self.mark(node)
        self.problems.append(Problem.of(self.source.shown, line, column, dotted(loc), code, **values))

    def visit(self, node, loc: Path_) -> bool:
        ok = True
        if isinstance(node, yaml.MappingNode):
            keys: set = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    self.add(loc, key, "complex_key")
                    ok = False
                    continue
                name = unicodedata.normalize("NFC", key.value)  # as nfc() will make the data's key
                here = loc + (name,)
                if name in keys:
                    self.add(here, key, "duplicate_key", key=name)
                    ok = False
                keys.add(name)
                self.source.marks[here] = self.mark(key)
                ok = self.visit(value, here) and ok
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.source.marks[loc + (i,)] = self.mark(item)
                ok = self.visit(item, loc + (i,)) and ok
        return ok


# What a plain (unquoted) scalar means, on both paths: YAML 1.2's core schema, which yaml-rs follows
# (https://yaml.org/spec/1.2.2/#1032-tag-resolution), so `yes`, `on`, `10:30` and `2023-01-05` stay
# text (the models read answers and dates from text), with one change of the bank's own: a number
# written with a leading zero (01711266085, 0171, 00.5) is the text written, not a number that
# silently loses the zero. Anything else plain is text. Each rule: its tag, the whole scalar's
# pattern, and the characters a match can start with ("" for the empty scalar).
PLAIN_SCALARS = (
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", [*"~nN", ""]),
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", [*"tTfF"]),
    ("tag:yaml.org,2002:int", r"[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+", [*"-+0123456789"]),
    ("tag:yaml.org,2002:float", r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", [*"-+.0123456789"]),
)


class _Loader(yaml.CSafeLoader):
    """libyaml's parser with PLAIN_SCALARS for plain scalars (no YAML 1.1 timestamps, sexagesimal
    numbers, yes/no booleans, `1_000`, `<<` merge keys); a number too long for Python's int()
    stays text, so the model reports it at its own field instead of the whole file failing to
    parse; and a key is always the text written (`yes:` is the key "yes", not True), as _Walk
    recorded it."""

    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node, deep=False):
        return {key.value if isinstance(key, yaml.ScalarNode) else self.construct_object(key, deep):
                self.construct_object(value, deep) for key, value in node.value}

    def construct_int(self, node):
        text = self.construct_scalar(node)
        try:
            return int(text, 0)  # 0o17, 0x1F; PLAIN_SCALARS allows no leading zero or underscore
        except ValueError:  # over 4,300 digits
            return text

    def construct_float(self, node):
        text = self.construct_scalar(node)
        if text.lower().lstrip("+-") in (".inf", ".nan"):
            text = text.replace(".", "")
        return float(text)


for _tag, _pattern, _first in PLAIN_SCALARS:
    _Loader.add_implicit_resolver(_tag, re.compile(f"(?:{_pattern})\\Z"), _first)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_float)


class _Marks(_Loader):
    """The nodes of a file for their places alone (Source.where): no plain scalar's type is
    resolved, which took a pattern each and most of the time."""

    def resolve(self, kind, value, implicit):
        return ""


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _refused(source: Source, text: str, offset: int, problems: list[Problem]) -> bool:
    """Walk the parser's events and report what must not be composed into nodes: collections
    nested deeper than MAX_DEPTH, and aliases (*name), at the place they are written.

    libyaml's parser keeps its own stack, so this walk is iterative; the composer that builds
    nodes recurses in C, and tens of thousands of "[" would overflow the stack and crash the
    process instead of raising. The composer also hands an alias back as its anchor's node, so
    only the events know the line the alias is on."""
    loader = _Loader(text)
    stack: list[list] = []  # one frame per open collection: [is mapping, key or index, expecting a key]
    refused = False

    def where(event) -> tuple[int, int]:
        return event.start_mark.line + 1 + offset, event.start_mark.column + 1

    def done() -> None:  # a key, a value or an item has ended
        if stack:
            top = stack[-1]
            if top[0]:
                top[2] = not top[2]
            else:
                top[1] += 1

    try:
        while loader.check_event():
            event = loader.get_event()
            loc = tuple(frame[1] for frame in stack)
            if isinstance(event, _OPEN):
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem.of(source.shown, *where(event), dotted(loc), "too_deep"))
                    return True
                mapping = isinstance(event, yaml.MappingStartEvent)
                stack.append([mapping, None if mapping else 0, True])
            elif isinstance(event, _CLOSE):
                stack.pop()
                done()
            elif isinstance(event, yaml.AliasEvent):
                problems.append(Problem.of(source.shown, *where(event), dotted(loc), "alias"))
                refused = True
                done()
            elif isinstance(event, yaml.ScalarEvent):
                if stack and stack[-1][0] and stack[-1][2]:
                    stack[-1][1] = unicodedata.normalize("NFC", event.value)
                done()
    finally:
        loader.dispose()
    return refused


# Text the fast parser is not trusted with: anchors and aliases, tags, merge keys, a line break
# escaped in quotes (yaml-rs joins "b\<line break>n" into the key "bn" in brackets, libyaml refuses
# a key over two lines), document markers, deep indentation or nesting, stray byte-order marks.
# Files holding any of it (or an ellipsis: rare, and only slower), text on which the two readers
# differ (_READERS_DIFFER), and files whose keys are not all text take the careful path below.
# (_fast looks for a mark's first character before the mark: a memchr, where a search for "<<" or a
# quoted line break costs ten times as much over text that holds no "<" or backslash, nearly all.)
_CARE = ("&", "*", "!", "<<", "\\\n", "---", "...", " " * 60, "- " * 20, "\ufeff", "\ufffe", "\ufffd")


def _plain(value: Any, texts: list[str]) -> bool:
    """Every mapping key is text on one line and every number is of a sane size (YAML 1.2 reads
    `1:`, `true:` or `null:` keys as numbers, booleans and null, where the careful path keeps the
    text written; yaml-rs joins a key over two lines in brackets with a space, where libyaml
    refuses it; and a number of thousands of digits should be reported as text at its field).
    Gathers into `texts` what strings(value, None, numbers=True) gives, in the same walk."""
    if isinstance(value, dict):
        for key, item in value.items():
            if type(key) is not str or " " in key:
                return False
            if isinstance(item, str):
                texts.append(item)
            elif not _plain(item, texts):
                return False
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                texts.append(item)
            elif not _plain(item, texts):
                return False
    elif type(value) is int:
        if value.bit_length() > 64:
            return False
        texts.append(str(value))
    return True


_NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0)
# Text on which yaml-rs (0.1.6) and libyaml would not give the same data (tests/test_reader.py
# looks for more): a file holding any of it, even in quoted text or a comment, is read by the
# careful path alone. Each is a character and what follows it: text without that character (`in`,
# a memchr, costs a small part of a search) is not searched. Searches that start at one
# character are several times faster than one search of alternatives.
_READERS_DIFFER = tuple((first, re.compile(re.escape(first) + rest)) for first, rest in (
    # Plain scalars yaml-rs (src/load/scalar.rs) reads as numbers and PLAIN_SCALARS does not:
    # a leading zero, or a binary, upper-case or signed prefix, at the start of a word (017, -017,
    # 00.5, 01711266085, 0b101, 0X1F, +0x1F; also 0x1F and 0o17, which both read alike);
    ("0", r"(?<![\w.]0)(?<![\w.+\-][-+]0)[0-9bBoOxX]"),
    # an underscore in a word of digits, dots, signs and e (1_000, _1, 1e_5; 0x1_F begins with 0x);
    ("_", r"(?<![^\W0-9_eE]_)(?![^\W0-9_eE])"),
    # .inf or .nan in any case (.iNf).
    (".", r"(?i:inf|nan)"),
    # YAML 1.2 allows in brackets what libyaml refuses or reads otherwise: an item that starts with
    # `|`, `>`, `:` or `?` ([|], {a: >}, [:x], [?x] is {x: null} for libyaml), a key with no
    # space after its colon ([x:]) or over two lines ({a\n : 1}; see _plain and _CARE for more);
    # and `?` may be a complex key's indicator anywhere.
    *((first, r"(?![-+0-9]*[ \t]*(?:#|\n))") for first in "|>"),
    *((first, r"\s*[|>:?]") for first in "[{,"), (":", r"(?:\s+[:?]|[\]},])"),
    ("\n", r"[ \t]*:"), ("?", r"[\s,\[\]{}]"),
))


# Python's \s written out (str.isspace()), for an engine whose \s is not quite Python's.
SPACES = r" \t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Whether a text may hold a mark of _CARE or _READERS_DIFFER, asked once of pydantic-core's regular
# expressions (Rust's regex crate: an automaton that reads each character once; yaml-rs then reuses
# the UTF-8 made for it). The two scans look for each mark's first character and search on from it,
# and most of those characters are in every file ("[", ":", "0", "_", "."): they cost 203,000
# instructions a file of the bench's 10,000 innovations, and _fast went from 710,000 to 558,000 with
# this look first (valgrind, 200 files of every kind). Rust's patterns have no lookaround: each of
# _READERS_DIFFER's is written to match wherever it matches, and at times more (a letter before or
# after is only ever an ASCII one); where this look finds something (2 of 6,000 of the bench's
# files), the two scans decide. A text Rust cannot read (a lone surrogate) is not found here, and
# yaml-rs refuses it too. tests/test_reader.py checks that this look misses nothing the scans find.
_MAY_DIFFER = SchemaValidator(core_schema.str_schema(regex_engine="rust-regex", pattern="|".join((
    r"[&*!\x{feff}\x{fffe}\x{fffd}]|<<|\\\n|---|\.\.\.| {60}|(?:- ){20}",  # _CARE
    r"(?:^|[^0-9A-Za-z_.+\-])[-+]?0[0-9bBoOxX]",  # "0": a word of a zero and a digit or prefix, signed or not
    r"(?:^|[^A-DF-Za-df-z])_(?:$|[^A-DF-Za-df-z])",  # "_" with no ASCII letter but e on either side
    r"\.[iIıİ][nN][fF]|\.[nN][aA][nN]",  # ".inf", ".nan" in any case (Python's takes ı and İ for i)
    r"[|>]",  # "|" and ">" wherever they are (no file of the bench has one)
    rf"[\[{{,][{SPACES}]*[|>:?]",  # the rest as _READERS_DIFFER writes them, with Python's spaces
    rf":(?:[{SPACES}]+[:?]|[\]}},])",
    r"\n[ \t]*:",
    rf"\?[{SPACES},\[\]{{}}]",
))))


def _ended(text: str) -> str:
    """The text with a final line break, as the line before a closing `---` has one: a block
    scalar (`|`) at the very end of the text ends with a line break for yaml-rs, not for libyaml."""
    return text if text.endswith("\n") else text + "\n"


def _fast(text: str, texts: list[str] | None = None) -> Any:
    """yaml-rs (Rust) parses a plain content file about ten times faster than PyYAML, to the
    same data (PLAIN_SCALARS). None when the file needs the careful path. `texts` gets the data's
    strings (_plain)."""
    text = _ended(text)
    if text.count("[") + text.count("{") > 400:
        return None
    if _MAY_DIFFER.isinstance_python(text) and (
            any(mark[0] in text and mark in text for mark in _CARE)
            or any(first in text and differ.search(text) for first, differ in _READERS_DIFFER)):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except Exception:  # noqa: BLE001 — any doubt: the careful path reports it precisely
        return None
    return data if isinstance(data, dict) and _plain(data, [] if texts is None else texts) and not _ends_blank(data) else None


def _ends_blank(value: Any) -> bool:
    """Whether the document's last scalar is blank text: yaml-rs reads an empty block scalar (`|`)
    at the end of a document as a line break, libyaml as nothing."""
    while isinstance(value, (dict, list)) and value:
        value = value[-1] if isinstance(value, list) else value[next(reversed(value))]
    return isinstance(value, str) and not value.strip()


def _careful(source: Source, written: str, offset: int, problems: list[Problem]) -> Any:
    """PyYAML over libyaml, with the position of every field, and every problem at its place."""
    text = _ended(written)
    loader = None
    try:
        if _refused(source, text, offset, problems):
            return None
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        if not _Walk(source, offset, problems).visit(node, ()):
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
        last = written.count("\n") + 1 + offset  # at the end of the text libyaml counts one line more
        if line > last:
            line, column = last, len(written.rsplit("\n", 1)[-1]) + 1
        reason = error.problem or error.context or ""
        # libyaml (PyYAML ≥ 6.0.4) refuses nesting of its own accord, and its scanner reads ahead
        # of the events _refused walks: the same file, the same sentence, whoever saw it first.
        code = "too_deep" if "nesting depth" in reason else syntax_code(error, text)
        problems.append(Problem.of(source.shown, line, column, "", code, reason=reason))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        problems.append(Problem.of(source.shown, 1 + offset, 1, "", "yaml", reason=str(error)[:200]))
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _yaml(source: Source, text: str, offset: int, problems: list[Problem]) -> Any:
    texts: list[str] = []
    data = _fast(text, texts)
    if data is not None:
        source.unmarked, source.texts = (text, offset), texts
        return data
    return _careful(source, text, offset, problems)


# A line that ends the front matter: `---` or `...`, with nothing after it but blanks.
_END = re.compile(r"(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def _end(text: str, start: int) -> re.Match | None:
    """The first line from `start` (the start of a line) that ends the front matter. Such a line
    begins with three characters that str.find finds many times faster than a pattern looks at
    every line; the pattern then checks the rest of the line."""
    at = start - 1  # the line break before the line
    while True:
        dashes = text.find("\n---", at)
        dots = text.find("\n...", at, len(text) if dashes < 0 else dashes)
        at = dots if dots >= 0 else dashes
        if at < 0:
            return None
        found = _END.match(text, at + 1)
        if found:
            return found
        at += 1


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, body, line number where the body starts); None when there is none."""
    if not text.startswith("---"):
        return None, text, 1
    first = text.find("\n") % (len(text) + 1)  # -1 (one line): the end of the text
    if text[:first].strip() != "---":
        return None, text, 1
    end = _end(text, first + 1)
    if end is None:
        return text[first + 1:], "", text.count("\n") + 2
    return text[first + 1:end.start() - 1], text[end.end() + 1:], text.count("\n", 0, end.start()) + 2


class Bounded(NamedTuple):
    """A file's first bytes (read_bounded), its size and its state when it was opened."""

    raw: bytes
    size: int
    info: os.stat_result  # fstat of the file read: what a stamp of its state (load.bank) is made of


class NotRegular(OSError):
    """A path that is no longer a regular file: `problem` names what the officer is told."""

    def __init__(self, problem: str):
        super().__init__(0, problem)
        self.problem = problem


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """The file opened if it is a regular file, and its state. A file swapped for a link or a pipe
    since the tree was listed is refused: a link is not followed out of the tree, and a pipe would
    keep the build waiting for a writer for ever."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise NotRegular("symlink") if error.errno == errno.ELOOP else error
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotRegular("not_in_content" if stat.S_ISDIR(info.st_mode) else "special_file")  # the listing's words
    return fd, info


def read_bounded(path: Path) -> Bounded:
    """The file's first MAX_BYTES + 1 bytes at most (a file of gigabytes must not fill memory),
    its size and state. Read in as many bytes as the file holds: a buffer of MAX_BYTES for each of
    20,000 small files cost seconds."""
    fd, info = open_regular(path)
    try:
        size = info.st_size
        chunks, got = [], 0
        while got <= MAX_BYTES:
            chunk = os.read(fd, min(size - got if got < size else 8192, MAX_BYTES + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    finally:
        os.close(fd)
    return Bounded(b"".join(chunks), max(got, size), info)


def unreadable(shown: str, error: OSError) -> Problem:
    """Why a file could not be read, in the officer's words."""
    if isinstance(error, NotRegular):
        return Problem.of(shown, 1, 1, "", error.problem)
    return Problem.of(shown, 1, 1, "", "unreadable", reason=error.strerror or str(error))


def read_text(path: Path, shown: str, problems: list[Problem], read: Bounded | None = None) -> str | None:
    """The file's text (its bytes, if already read: read_bounded's), or None and the problem why."""
    return _read_text(path, shown, problems, read)[0]


def _read_text(path: Path, shown: str, problems: list[Problem], read: Bounded | None,
               going_on: bool = False) -> tuple[str | None, bool]:
    """read_text's text, and whether it is the file's bytes decoded, in which _LOOK found nothing.
    Going on, a text that holds control characters is reported for each (once a line) and given
    with each made U+FFFD, so that the file's other checks run too (read_source)."""
    try:
        raw, size, _ = read_bounded(path) if read is None else read
    except OSError as error:
        problems.append(unreadable(shown, error))
        return None, False
    if size > MAX_BYTES:
        problems.append(Problem.of(shown, 1, 1, "", "too_big", size=size // 1024, limit=MAX_BYTES // 1024))
        return None, False
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem.of(shown, line, 1, "", "encoding"))
        return None, False
    if not text.isascii() and not _LOOK.isinstance_python(raw):
        return text, True  # nearly every Bengali file: none of the steps below changes it
    if _usual(raw):  # nearly every other file: only NFC may change it
        return as_nfc(text), False
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # YAML also breaks lines at NEL, LINE and PARAGRAPH SEPARATOR, but git, GitHub and editors do
    # not: left in, every line number after one would be off. They are invisible; make them spaces.
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate(_SEPARATORS)
    if "\x00" in text:
        problems.append(Problem.of(shown, text[: text.index("\x00")].count("\n") + 1, 1, "", "encoding"))
        return None, False
    lines = set()
    for control in CONTROL.finditer(text):
        before = text[: control.start()]
        line = before.count("\n") + 1
        if line not in lines:
            lines.add(line)
            code, values = refusal(control.group())
            problems.append(Problem.of(shown, line, len(before) - before.rfind("\n"), "", code, **values))
        if not going_on:
            return None, False
    return as_nfc(CONTROL.sub(REFUSED, text) if lines else text), False


# Whether read_text may have to change or refuse a text of other scripts than ASCII, or personal
# data may be in it: asked once of pydantic-core's regular expressions over the file's UTF-8 bytes
# as read (Rust's regex crate: an automaton that reads each byte once; no text is encoded for it).
# It looks for any character but those of NFC_KEPT, which _usual accepts and NFC leaves as they are
# (tests/test_nfc.py checks each against unicodedata), and for two of them that NFC changes: ে
# before া or ৗ (as_nfc), and two marks out of their canonical order (় is of class 7, ্ of 9, ৾ of
# 230); for ten digits with no letter between any two, and for an @. Where it finds none (nearly
# every Bengali file), the text is the bytes as decoded: _usual's looks and as_nfc's are not made
# (a copy without া and Python's quick check), and load.checks's rules, whose numbers are of ten
# digits or more with at most three characters (none a letter) between each two and whose
# addresses hold an @, find nothing in the file's fields or body: their texts are not joined and
# encoded again to be searched (Source.quiet). 1.84 million instructions a file before, 1.63 after
# (valgrind, every 20th file of the bench's 10,000 innovations); 554 of its 12,000 files, those that
# hold a memo number, are still looked at in full.
NFC_KEPT = ((0x09, 0x0A), (0x20, 0x7E), (0xA0, 0xFF), (0x0964, 0x0965), (0x0980, 0x09DB), (0x09DE, 0x09DE),
            (0x09E0, 0x09FF), (0x200C, 0x200D), (0x2010, 0x2027), (0x2030, 0x205E))  # (first, last) of each run
DIGIT = r"[0-9\x{9e6}-\x{9ef}]"  # ASCII and Bengali
NOT_LETTER = r"[^A-Za-z\x{980}-\x{9e5}\x{9f0}-\x{9ff}]"  # what may stand between two digits of a number
_LOOK = SchemaValidator(core_schema.str_schema(regex_engine="rust-regex", pattern="|".join((
    "[^" + "".join(f"\\x{{{first:x}}}-\\x{{{last:x}}}" for first, last in NFC_KEPT) + "]",
    r"\x{9c7}[\x{9be}\x{9d7}]", r"\x{9cd}\x{9bc}", r"\x{9fe}[\x{9bc}\x{9cd}]",
    f"{DIGIT}(?:{NOT_LETTER}*{DIGIT}){{9}}", r"[@\x{ff20}]",
))))


def _usual(raw: bytes) -> bool:
    """Whether valid UTF-8 holds none of CONTROL's characters, U+2028 and U+2029 (_UNUSUAL_ASCII)."""
    return (not any(byte in raw for byte in _UNUSUAL_ASCII)
            and (b"\xc2" not in raw or _UNUSUAL_C1.search(raw) is None)
            and (b"\xe2" not in raw or _UNUSUAL_FORMAT.search(raw) is None)
            and (not any(lead in raw for lead in _NONCHARACTER_LEADS) or _UNUSUAL_NONCHARACTER.search(raw) is None))


def refusal(char: str) -> tuple[str, dict]:
    """The problem's code and values for one of CONTROL's characters: a noncharacter is not an
    invisible control character, and the officer is told so."""
    code = "noncharacter" if NONCHARACTER.match(char) else "control_character"
    return code, {"char": f"U+{ord(char):04X}"}


def read_source(path: Path, shown: str, problems: list[Problem], read: Bounded | None = None) -> Source | None:
    """Parse a `.md` (front matter + body) or `.yaml` file (its bytes, if already read); None when
    it cannot be read at all."""
    before = len(problems)
    text, quiet = _read_text(path, shown, problems, read, going_on=True)
    if text is None:
        return None
    source = Source(path, shown, refused=len(problems) > before)
    if not text.strip():
        problems.append(Problem.of(shown, 1, 1, "", "empty_file"))
        return None
    if path.suffix == ".md":
        front, source.body, source.body_line = split_front_matter(text)
        if front is None:
            problems.append(Problem.of(shown, 1, 1, "", "no_front_matter"))
            return None
        offset = 1
    else:
        front, offset = text, 0
    before = len(problems)
    data = _yaml(source, front, offset, problems)
    if len(problems) > before:
        if offset and _end(text, text.find("\n") + 1) is None:  # the description was read as fields
            problems.append(Problem.of(shown, 1, 1, "", "front_matter_unclosed"))
        return None
    if data is None:
        problems.append(Problem.of(shown, 1, 1, "", "empty_file"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem.of(shown, 1 + offset, 1, "", "not_mapping"))
        return None
    if any(quote in front for quote in CURLY_OPEN):  # a paragraph pasted from a word processor
        for loc, value in strings(data):
            if curly_quoted(value):
                problems.append(source.problem(loc, "curly_quotes", value=value.strip()[:60]))
        if len(problems) > before:
            return None
    if "\\" not in front:  # the text was NFC and free of control characters already (or made so)
        # The fast reader's strings are the file's text but for blanks and line breaks folded (no
        # escape, no block scalar: _MAY_DIFFER), its numbers decimal as written: _LOOK saw them all
        source.data, source.quiet = data, quiet and source.texts is not None
        return source
    source.data, source.texts = nfc(data), None
    # Escapes in quoted YAML ("\0", "\x07", "\u202e") make the same characters the file cannot
    # hold: each field that holds one is reported, and the file's other checks run on its data with
    # each made U+FFFD (no message then quotes an escape sequence to the terminal).
    for loc, text in strings(source.data):
        control = CONTROL.search(text)
        if control:
            code, values = refusal(control.group())
            problems.append(source.problem(loc, code, **values))
            source.refused = True
    if source.refused:
        source.data = _without_controls(source.data)
    return source


REFUSED = "\ufffd"  # what a refused file's control characters are made for its other checks


def _without_controls(value: Any) -> Any:
    """The data with each of CONTROL's characters in its texts and keys made REFUSED."""
    if isinstance(value, str):
        return CONTROL.sub(REFUSED, value)
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    return value


def strings(value: Any, loc: Path_ | None = (), out: list | None = None, numbers: bool = False) -> list:
    """(field path, text) of every string in a file's data; with numbers, of every integer too, as
    its digits (`remarks: 8801711266085` is a phone number all the same). With loc None, the
    texts alone, in the same order: making each one's path cost more than looking at them all."""
    out = [] if out is None else out
    if isinstance(value, str):
        out.append(value if loc is None else (loc, value))
    elif isinstance(value, dict):
        for k, v in value.items():
            strings(v, None if loc is None else loc + (k,), out, numbers)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            strings(v, None if loc is None else loc + (i,), out, numbers)
    elif numbers and type(value) is int:
        out.append(str(value) if loc is None else (loc, str(value)))
    return out
