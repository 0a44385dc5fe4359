"""The Cabinet Division's 7-column database form (মন্ত্রিপরিষদ বিভাগের ছক), defined once.

Ministries fill this form in Excel; the bank publishes its innovations back in the same form. Both
directions live here so they cannot drift apart: `rows()` turns ideas into the form's rows (the
open-data downloads, generator/publish/downloads.py), `parse_row()` and `apply()` turn a filled-in
row back into an idea's fields (`innobank import`), and `as_text()`/`from_text()` keep a cell
from being run as a formula on the way out and give it back unchanged on the way in. Headers
come from the catalogue (form.*); `column_for()` also recognises the other ways officers write
them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, MutableMapping

from .i18n import BENGALI_SCRIPT, t
from .load.source import CONTROL
from .load.translate import fold


@dataclass(frozen=True)
class Column:
    key: str  # the catalogue key form.<key> and the name parse_row() uses
    path: tuple[str, ...]  # where the value lives in an idea's front matter
    words: tuple[str, ...]  # header words that identify the column, checked in COLUMNS order

    def header(self, lang: str) -> str:
        return t(f"form.{self.key}", lang)


# The order of the form. `words` are matched inside a normalised header, so "সেবার লিঙ্ক",
# "Service link (URL)" and "লিংক" all find the link column. Columns whose words could appear in
# another column's header are tried first (a reason header mentions running, a serial header
# is short): see _MATCH_ORDER.
COLUMNS: tuple[Column, ...] = (
    Column("name", ("title",), ("নাম", "name", "title", "innovation", "idea", "উদ্ভাবন", "ধারণা", "উদ্যোগ")),
    Column("summary", ("summary",), ("বিবরণ", "সংক্ষিপ্ত", "description", "summary", "details")),
    Column("running", ("service", "running"), ("কার্যকর", "চালু", "running", "functional", "operational",
                                               "in effect", "active")),
    Column("not_running_reason", ("service", "not_running_reason"), ("কারণ", "why", "reason", "if not")),
    Column("expected_result", ("service", "expected_result"), ("প্রত্যাশিত", "ফলাফল", "expected", "result",
                                                              "outcome", "benefit")),
    Column("link", ("service", "link"), ("লিংক", "লিঙ্ক", "লিনক", "ওয়েব", "link", "url", "website",
                                         "web address")),
    Column("remarks", ("service", "remarks"), ("মন্তব্য", "remark", "comment", "note")),
)
BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)
TEXTS = ("name", "summary", "not_running_reason", "remarks")  # bilingual text columns

# The serial-number column officers add in front (ক্র. নং, ক্রমিক নং, SL): read, never stored.
SERIAL = "serial"
_SERIAL_HEADERS = {"ক্র নং", "ক্রনং", "ক্র নম্বর", "ক্রমিক", "ক্রমিক নং", "ক্রমিক নম্বর", "ক্রঃ নং", "ক্রঃনং",
                   "নং", "sl", "sl no", "s l", "slno", "s no", "sno", "serial", "serial no", "serial number", "no",
                   "sn", "s n", "#", "number"}
_MATCH_ORDER = ("not_running_reason", "expected_result", "link", "remarks", "running", "summary", "name")


# ---- ideas → rows ---------------------------------------------------------------------------

def headers(lang: str) -> list[str]:
    return [c.header(lang) for c in COLUMNS]


def answer(value: Any, lang: str) -> str:
    """True/False or an Answer ("yes", "partly", "no") as the form writes it: হ্যাঁ / আংশিক / না."""
    if value is None:
        return ""
    key = ("yes" if value else "no") if isinstance(value, bool) else getattr(value, "value", value)
    return t(f"answer.{key}", lang)


def row(idea, lang: str) -> list[str]:
    """One idea as the form's 7 cells, in lang (Bengali where the English text is missing)."""
    service = idea.service
    return [
        idea.title.get(lang),
        idea.summary.get(lang),
        answer(service.running, lang),
        service.not_running_reason.get(lang) if service.not_running_reason else "",
        answer(service.expected_result, lang),
        service.link or "",
        service.remarks.get(lang) if service.remarks else "",
    ]


def rows(ideas: Iterable, lang: str) -> list[list[str]]:
    return [row(idea, lang) for idea in ideas]


# ---- cells a spreadsheet would run -----------------------------------------------------------
# OWASP's rule for CSV injection: Excel, LibreOffice and Google Sheets read a cell that starts with
# = + - @, a tab or a carriage return as a formula (=HYPERLINK(…) sends whoever clicks it anywhere),
# also after spaces, and also as the full-width ＝＋－＠ that East Asian input methods type.
# Such a cell goes out with a single quote in front, which makes it text, and comes back without
# it. A cell that already starts with quotes before such a character gets one more, so that what
# comes back is always exactly what went out.

_FORMULA_START = frozenset("=+-@")


@lru_cache(maxsize=4096)
def _runs(char: str) -> bool:
    """Asked once for each first character: NFKC for every cell was a third of the whole bank's
    CSV and XLSX files, which a deploy makes again after any edit (280,000 cells at 10,000)."""
    return char in ("\t", "\r") or unicodedata.normalize("NFKC", char)[:1] in _FORMULA_START


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would run this cell (leading quotes set aside)."""
    text = text.lstrip("'")
    return _runs(text[:1]) or _runs(text.lstrip()[:1])


def as_text(text: str, runs: bool | None = None) -> str:
    """The cell as a CSV writes it: quoted when a spreadsheet would run it (`runs`, when the caller
    asked starts_formula already)."""
    return "'" + text if (starts_formula(text) if runs is None else runs) else text


def from_text(text: str) -> str:
    """A CSV cell as it was before as_text()."""
    return text[1:] if text.startswith("'") and starts_formula(text[1:]) else text


# ---- rows → ideas ---------------------------------------------------------------------------

def clean(value: Any) -> str:
    """A cell as text: NFC, Windows line ends and invisible control characters gone, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("_x000D_", "").replace("\xa0", " ")
    text = CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def normalise(text: str) -> str:
    """For comparing what people wrote: letters, marks and digits only, lowercase, ASCII digits."""
    return fold(text, keep="#")


def column_for(header: Any) -> str | None:
    """The form column (or SERIAL) a header cell names, or None."""
    text = normalise(clean(header))
    if not text or len(text) > 120:
        return None
    if text in _SERIAL_HEADERS or text.startswith(("ক্র ", "ক্রমিক", "sl ", "serial")):
        return SERIAL
    for key in _MATCH_ORDER:
        if any(_has_word(text, word) for word in BY_KEY[key].words):
            return key
    return None


def _has_word(text: str, word: str) -> bool:
    word = normalise(word)
    if word.isascii():  # "note" must not match "not"; Bengali words carry suffixes (নামের)
        return re.search(rf"(?<![a-z]){re.escape(word)}", text) is not None
    return word in text


def canonical(header: Any, key: str) -> bool:
    """Whether a header is exactly the form's own (Bengali or English) for the column, which wins
    over a looser match such as "দপ্তরের নাম" for the name column."""
    text = normalise(clean(header))
    return key in BY_KEY and text in {normalise(BY_KEY[key].header(lang)) for lang in ("bn", "en")}


def header_language(cells: Iterable[str]) -> str:
    """'bn' when the header row is written in Bengali, else 'en'."""
    return "bn" if any(BENGALI_SCRIPT.search(c or "") for c in cells) else "en"


_ANSWERS = {
    "yes": {"হ্যাঁ", "হ্যা", "হাঁ", "হা", "হ্যাঁ আছে", "জি", "জী", "আছে", "চালু", "চালু আছে", "কার্যকর", "কার্যকর আছে",
            "পাচ্ছে", "পাচ্ছেন", "yes", "y", "true", "running", "active", "functional", "ok", "✓", "✔"},
    "partly": {"আংশিক", "আংশিকভাবে", "আংশিক পাচ্ছে", "কিছুটা", "partly", "partial", "partially", "somewhat"},
    "no": {"না", "নাই", "নেই", "নয়", "নয়", "চালু নেই", "কার্যকর নেই", "বন্ধ", "পাচ্ছে না", "no", "n", "false",
           "not running", "inactive", "closed", "✗", "✘", "x"},
}
_ANSWER_OF = {normalise(word) or word: key for key, words in _ANSWERS.items() for word in words}
# What an officer writes in an optional cell when there is nothing to say.
_NOTHING = {unicodedata.normalize("NFC", word) for word in (
    "", "-", "--", "---", "—", "–", "n/a", "na", "nil", "none", "নাই", "নেই", "প্রযোজ্য নয়", "প্রযোজ্য নহে",
    "প্রযোজ্য নয়", "প্রযোজ্য নহে", "নেই।", "নাই।")}


def parse_answer(text: str) -> str | None:
    """'yes', 'partly' or 'no' for what an officer wrote (হ্যাঁ, আংশিক, না, yes, …); None when unclear."""
    return split_answer(text)[0]


# The words of a cell, as they are written: what lies between spaces and punctuation.
_WORD = re.compile(r"[^\s,;:()\[\]।!?.]+")


def split_answer(text: str) -> tuple[str | None, str]:
    """The answer a cell starts with, and the words after it as written: "না, সার্ভার বন্ধ" is
    ("no", "সার্ভার বন্ধ") and "হ্যাঁ (আংশিক)" is ("yes", "আংশিক"). The officer's words are never
    thrown away: parse_row() puts them where they belong. (None, "") when the answer is unclear."""
    key = normalise(text) or text.strip()
    if key in _ANSWER_OF:
        return _ANSWER_OF[key], ""
    words = list(_WORD.finditer(text))
    for n in (2, 1):
        if len(words) > n:
            end = words[n - 1].end()
            head = normalise(text[:end]) or text[:end].strip()
            if head in _ANSWER_OF:
                return _ANSWER_OF[head], _after_answer(text[end:])
    return None, ""


def _after_answer(rest: str) -> str:
    """The words after an answer without the comma, dash or brackets that set them apart."""
    rest = rest.strip()
    if rest[:1] in "([" and rest[-1:] in ")]":
        rest = rest[1:-1]
    rest = rest.lstrip(" ,;:-–—।").strip()
    return rest if normalise(rest) else ""


def nothing(text: str) -> bool:
    """Whether an optional cell says nothing: empty, a dash, "N/A", নেই, প্রযোজ্য নয়."""
    text = unicodedata.normalize("NFC", text).strip().casefold().rstrip("।.").strip()
    return text in _NOTHING or not normalise(text)


@dataclass
class CellError:
    """Why a cell cannot be imported: a catalogue key under import.* and its values."""

    column: str
    code: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Moved:
    """Text of one cell that parse_row() put in another field: the words after an answer, or a
    reason given for a service that is running (the page shows no reason then)."""

    source: str  # the column key it was written in
    target: str  # the column key of the field it went to
    text: str


@dataclass
class FormRow:
    """One filled-in row, checked: exactly what the form says, in the language of its headers."""

    name: str
    summary: str
    running: bool
    not_running_reason: str | None = None
    expected_result: str | None = None  # yes | partly | no
    link: str | None = None
    remarks: str | None = None
    moved: list[Moved] = field(default_factory=list)  # to be told to the officer


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def parse_row(cells: dict[str, str]) -> tuple[FormRow | None, list[CellError]]:
    """Check the cells of one row (column key → text) and return the row or every problem in it."""
    errors: list[CellError] = []
    get = {key: clean(cells.get(key)) for key in KEYS}
    for key in ("name", "summary"):
        if nothing(get[key]):
            errors.append(CellError(key, "missing_cell"))
    running, running_rest = split_answer(get["running"]) if get["running"] else (None, "")
    if not get["running"]:
        errors.append(CellError("running", "missing_cell"))
    elif running not in ("yes", "no"):
        errors.append(CellError("running", "bad_answer", {"value": get["running"], "allowed": "হ্যাঁ / না (yes / no)"}))
    expected, expected_rest = None, ""
    if not nothing(get["expected_result"]):
        expected, expected_rest = split_answer(get["expected_result"])
        if expected is None:
            errors.append(CellError("expected_result", "bad_answer",
                                    {"value": get["expected_result"], "allowed": "হ্যাঁ / আংশিক / না (yes / partly / no)"}))
    link = None if nothing(get["link"]) else get["link"]
    if link and link.lower().startswith("www."):
        link = "http://" + link  # what officers mean by www.example.gov.bd
    if link and not _URL.match(link):
        errors.append(CellError("link", "bad_link", {"value": get["link"]}))
    reason = None if nothing(get["not_running_reason"]) else get["not_running_reason"]
    moved: list[Moved] = []
    if running == "no" and reason is None and running_rest:  # "না, সার্ভার বন্ধ": the reason is given
        reason = running_rest
        moved.append(Moved("running", "not_running_reason", running_rest))
    elif running_rest:
        moved.append(Moved("running", "remarks", running_rest))
    if running == "yes" and reason is not None:  # a running service has no reason to show
        moved.append(Moved("not_running_reason", "remarks", reason))
        reason = None
    if expected_rest:
        moved.append(Moved("expected_result", "remarks", expected_rest))
    if running == "no" and reason is None:
        errors.append(CellError("not_running_reason", "reason_required"))
    if errors:
        return None, errors
    remarks = None if nothing(get["remarks"]) else get["remarks"]
    extra = [m.text for m in moved if m.target == "remarks"]
    if extra:
        remarks = "\n".join(([remarks] if remarks else []) + extra)
    return FormRow(get["name"], get["summary"], running == "yes", reason, expected, link, remarks, moved), []


def apply(data: MutableMapping, form_row: FormRow, lang: str, new_map=dict, word=str) -> None:
    """Set the form's fields of an idea's front matter `data` from a row, in place, leaving every
    other field alone. Text goes into `lang`; Bengali is required, so a text first written from an
    English form goes into both. An empty cell clears the field (set to null rather than removed,
    so comments around it in the file stay). `new_map` makes nested mappings and `word` the
    yes/partly/no values (a YAML editor can keep `yes` unquoted and its comments)."""
    service = data.get("service")
    if not isinstance(service, MutableMapping):
        service = data["service"] = new_map()
    for column in COLUMNS:
        parent = data if len(column.path) == 1 else service
        key = column.path[-1]
        value = getattr(form_row, column.key)  # FormRow's fields are named by the column keys
        if column.key in TEXTS:
            _set_text(parent, key, value, lang, new_map)
        elif column.key == "running":
            if _flag(parent.get(key)) != value:
                parent[key] = word("yes" if value else "no")
        elif column.key == "expected_result":
            if _answer_key(parent.get(key)) != value:
                _set(parent, key, None if value is None else word(value))
        elif parent.get(key) != value:
            _set(parent, key, value)


def _set(parent: MutableMapping, key: str, value: Any) -> None:
    if value is None and key not in parent:
        return
    parent[key] = value


def _set_text(parent: MutableMapping, key: str, text: str | None, lang: str, new_map) -> None:
    current = parent.get(key)
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        current = str(current)
    if text is None:
        if lang == "bn" or not isinstance(current, MutableMapping):
            if lang == "bn":
                _set(parent, key, None)
        elif current.get("en") is not None:
            current["en"] = None
        return
    if isinstance(current, MutableMapping):
        if current.get(lang) != text:
            current[lang] = text
        if not current.get("bn"):
            current["bn"] = text
    elif lang == "bn" or not current:
        if current != text:
            parent[key] = text if lang == "bn" else new_map([("bn", text), ("en", text)])
    else:  # a plain Bengali string, and now English for it
        parent[key] = new_map([("bn", current), ("en", text)])


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    key = parse_answer(str(value)) if value is not None else None
    return {"yes": True, "no": False}.get(key)


def _answer_key(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return parse_answer(str(value)) if value is not None else None
