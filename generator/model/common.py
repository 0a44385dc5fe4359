"""Field types shared by every content model: bilingual text, numbers and dates that accept
Bengali digits, safe links, and the small enumerations the forms use."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from ..i18n import ascii_digits

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FIRST_YEAR, LAST_YEAR = 1971, 2100  # the years a record can name


class Strict(BaseModel):
    """Every content model forbids unknown keys, so a typo is an error, not lost data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


_FIELDS_SETS: dict[tuple[type, frozenset], set] = {}
_TEXTS: dict[tuple[type, str, str | None], BaseModel] = {}  # (class, bn, en) → the one Text shared


def share_fields_sets(model: BaseModel) -> None:
    """Models of one class given the same fields share one `__pydantic_fields_set__`. Pydantic
    makes a set for every model it validates, some 240 bytes, which nothing here reads (no
    `exclude_unset`) or changes (no model is assigned to once validated): 21 an innovation, a tenth
    of the loaded bank, and copied by every process that renders (bench/README.md, memory). The
    content models hold models in fields and in lists, never in dicts.

    Equal texts (Text, LineText) are one object too: a designation, an office's or an award's
    name is written again in file after file, and each copy was a model, its `__dict__` and two
    strings, some 500 bytes (5,000 innovations: 66,839 texts, 9,081 of them different)."""
    fields = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", _FIELDS_SETS.setdefault((type(model), frozenset(fields)), fields))
    values = model.__dict__
    for name, value in values.items():
        if isinstance(value, Text):
            values[name] = _shared_text(value)
        elif isinstance(value, BaseModel):
            share_fields_sets(value)
        elif type(value) is list:
            for index, item in enumerate(value):
                if isinstance(item, Text):
                    value[index] = _shared_text(item)
                elif isinstance(item, BaseModel):
                    share_fields_sets(item)


def _shared_text(text: Text) -> Text:
    shared = _TEXTS.setdefault((type(text), text.bn, text.en), text)
    if shared is text:
        share_fields_sets(text)
    return shared


def problem(code: str, **ctx: Any) -> PydanticCustomError:
    """A validation error whose text lives in the catalogue under problem.<code>."""
    return PydanticCustomError("bank", code, {"code": code, **ctx})


# A sign, digits with at most one point, and an exponent; pydantic judges the underscores. Without
# this check pydantic reads "0-0" as 0 and "0-5" as -5.
_NUMBER = re.compile(r"[+-]?(?=[\d_]*\.?[\d_]*\d|\.)[\d_]*\.?[\d_]*(?:[eE][+-]?[\d_]+)?")


def _cleaned(text: str) -> str:
    """Bengali digits made ASCII, thousands commas and surrounding spaces gone."""
    return ascii_digits(text).replace(",", "").strip()


def _number(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = _cleaned(value)
        if cleaned and not _NUMBER.fullmatch(cleaned) and cleaned.lower() not in ("inf", "-inf", "+inf", "nan", "infinity"):
            raise problem("number", value=value)
        return cleaned or value
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        text = ascii_digits(value).strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise problem("date_format", value=value) from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _year(value: Any) -> Any:
    value = _number(value)
    if isinstance(value, str) and value.isdigit():
        if len(value) > 4:  # int() refuses strings of over 4,300 digits with a bare ValueError
            raise problem("year_range", value=value)
        value = int(value)
    if isinstance(value, int) and not FIRST_YEAR <= value <= LAST_YEAR:
        raise problem("year_range", value=value)
    return value


def _fiscal_year(value: Any) -> Any:
    """2017, "2022-2023" or "২০২২-২০২৩" → a string such as "2022-2023"."""
    value = (_cleaned(value) or value) if isinstance(value, str) else str(value) if isinstance(value, int) else value
    return value.replace("–", "-").replace(" ", "") if isinstance(value, str) else value


def _numbering(value: Any) -> Any:
    """An item's number in a plan, "৭" or "১.২": ASCII digits, as the API gives it (its record
    schema's pattern is an ECMAScript one, whose \\d is ASCII alone) and the web form checks it."""
    return ascii_digits(value).strip() if isinstance(value, str) else value


NUMBERING = r"^[0-9]+(?:\.[0-9]+)*$"  # 1, 1.2, 1.2.1

# "Today", for the rule that a date of what has happened is not in the future: the date in
# Bangladesh (UTC+6, with no summer time), where the officers are; the checks on pull requests run
# on machines whose clocks keep UTC, where from midnight to six in the morning in Dhaka it is still
# the day before. INNOBANK_TODAY (year-month-day) gives it instead: the tests, which must not
# depend on the clock, and a check of the bank as it would have been on another day.
DHAKA = dt.timezone(dt.timedelta(hours=6), "Asia/Dhaka")


def today() -> dt.date:
    given = os.environ.get("INNOBANK_TODAY")
    return dt.date.fromisoformat(given) if given else dt.datetime.now(DHAKA).date()


def _not_future(value: dt.date) -> dt.date:
    now = today()
    if value > now:
        raise problem("future_date", value=value, today=now)  # dates: a Bengali message shows Bengali digits
    return value


Int = Annotated[int, BeforeValidator(_number), Field(ge=0)]
Amount = Annotated[float, BeforeValidator(_number), Field(ge=0, allow_inf_nan=False)]
Date = Annotated[dt.date, BeforeValidator(_date)]
NOT_FUTURE = AfterValidator(_not_future)
PastDate = Annotated[Date, NOT_FUTURE]  # not after today(): model/schema.py past_dates
Year = Annotated[int, BeforeValidator(_year), Field(ge=FIRST_YEAR, le=LAST_YEAR)]  # bounds "+3000" and 3000.0 too
FiscalYear = Annotated[str, BeforeValidator(_fiscal_year), Field(pattern=r"^(19|20)\d\d(-(19|20)\d\d)?$")]
Slug = Annotated[str, Field(pattern=SLUG)]
Numbering = Annotated[str, BeforeValidator(_numbering), Field(pattern=NUMBERING)]


# A web address's host: labels of English letters, digits, hyphens (and "_"), or labels wholly in
# Bengali (.বাংলা), and a port (1–65535). Not a label that mixes scripts ("mоpa" with a Cyrillic о
# looks like mopa.gov.bd behind the site's "take the service" button), nor one in its ASCII
# form, "xn--…", which can spell any script ("xn--mpa-…" is that mоpa; a Bengali name is
# written in Bengali letters, and a pattern the form can test cannot decode it); nor a
# "user@" before the host ("https://www.mopa.gov.bd@evil.example" goes to evil.example); nor an
# IP address: a browser reads a host whose last label is a number (10.0.0.1, 1234, 0x7f.1) as
# one, and it is no public name a service is known by. (The link checker's own rules on
# addresses it will not fetch are its own: officers/links.py.) The pattern is the web
# form's too (model/schema.py), so it stays an ECMAScript one.
_LABEL = r"(?![xX][nN]--)(?:[a-zA-Z0-9_][a-zA-Z0-9_-]*|[\u0980-\u09ff][\u0980-\u09ff\u200c\u200d0-9-]*)"
_HOST_END = r"\.?(?:[:/?#]|$)"
_NOT_A_NUMBER = rf"(?![0-9]+{_HOST_END}|0[xX][0-9a-fA-F]*{_HOST_END})"
_PORT = r"(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
URL_AFTER_SCHEME = rf"://(?:{_LABEL}\.)*{_NOT_A_NUMBER}{_LABEL}\.?{_PORT}(?:[/?#]\S*)?$"
_URL = re.compile(rf"^https?{URL_AFTER_SCHEME}", re.IGNORECASE)


def web_address(value: str) -> bool:
    """Whether a link the site publishes may lead there (a field's, or a body's http(s) link)."""
    return _URL.match(value) is not None


def _url(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not web_address(value):
            raise problem("url_scheme", value=value)
    return value


Url = Annotated[str, BeforeValidator(_url)]


def _text(value: Any) -> Any:
    """A plain string is Bengali text; {bn, en} gives both."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"bn": str(value)}
    return value


def _visible(text: str) -> bool:
    """Whether the text has a character one can see: not only spaces, zero-width characters
    (U+200B, U+FEFF, ZWJ) or other control and format characters."""
    for char in text:  # (a loop, not any(): this runs for every text of every file)
        if unicodedata.category(char)[0] not in "CZ":
            return True
    return False


def _at_most(limit: int | None, value: str) -> None:
    """A text class's bound (Text.LIMIT), in the officer's words (problem.too_long)."""
    if limit is not None and len(value) > limit:
        raise problem("too_long", limit=limit, length=len(value))


class Text(Strict):
    """Bilingual text that may run over several lines: a paragraph (summary, remarks, reason,
    decision). Text shown on one line is a LineText."""

    bn: str = Field(min_length=1)
    en: str | None = None
    # The longest each language may be, if bounded: the one declaration of the bound, which the
    # check (_at_most), its message and the schema's maxLength (model/schema.py) follow.
    LIMIT: ClassVar[int | None] = None

    @field_validator("bn")
    @classmethod
    def _bn_checked(cls, value: str) -> str:
        _at_most(cls.LIMIT, value)
        if not _visible(value):
            raise problem("empty")
        return value

    @field_validator("en")
    @classmethod
    def _en_checked(cls, value: str | None) -> str | None:
        if value is None:
            return value
        _at_most(cls.LIMIT, value)
        return value if _visible(value) else ""

    def get(self, lang: str) -> str:
        """The text in lang; Bengali when English is missing (pages show a notice)."""
        return (self.en if lang == "en" else None) or self.bn

    def has(self, lang: str) -> bool:
        return lang == "bn" or bool(self.en)


BiText = Annotated[Text, BeforeValidator(_text)]


# ---- text shown on one line ------------------------------------------------------------------
# The reader (load/source.py, CONTROL) refuses every control character in every field except the
# tab and the line feed, which paragraphs and Markdown bodies may hold. A one-line field refuses
# those two as well, and the line and paragraph separators quoted YAML can still write as "\u2028".
# A "|" block of several lines arrives here as text with line feeds; ">" and plain scalars fold
# their lines into one before this, so they pass.
_NOT_ONE_LINE = r"[\t\n\u2028\u2029]"
_NOT_ONE_LINE_RE = re.compile(_NOT_ONE_LINE)


def _one_line(value: str) -> str:
    if "\n" not in value and "\t" not in value and "\u2028" not in value and "\u2029" not in value:
        return value  # nearly every text: four looks cost a third of the pattern's search (about 2,000 instructions)
    found = _NOT_ONE_LINE_RE.search(value)
    if found is None:
        return value
    if found.group() == "\t":
        raise problem("control_character", char="U+0009")
    raise problem("line_break")


# Text shown on one line: a title, a name, a designation, a label, a memo number. The pattern tells
# editors that read the JSON Schema (innobank schema) the same rule.
OneLine = Annotated[str, AfterValidator(_one_line),
                    Field(json_schema_extra={"pattern": f"^[^{_NOT_ONE_LINE[1:-1]}]*$"})]


class LineText(Text):
    """Bilingual text shown on one line (see OneLine)."""

    bn: OneLine = Field(min_length=1)
    en: OneLine | None = None


BiLine = Annotated[LineText, BeforeValidator(_text)]


# ---- text shown in every list ----------------------------------------------------------------
# An innovation's title and a team's or an office's name are shown in every list the site has (the
# innovations' cards, the teams' and offices' lists, search results, the feeds, the open-data
# files), and an innovation's summary on each of its cards. With no bound, a title of 400
# characters filled more than a 360 px phone's screen, and one of 120,000 made a page of 972 KB
# and was in every list it was in. The bank's own files' longest title is 88 characters (in
# English; 80 in Bengali), team name 49, office name 65, summary 225; the innovations and
# activities the ministries' own documents name (the plans and minutes the bank was seeded
# from) take under 120. A title or name may be 150 characters (some five lines of a phone's
# card), a summary 600 (a paragraph; the description below it is for the rest). Each language
# has the bound; characters are Unicode code points (JSON Schema's maxLength counts them too).
TITLE_MAX, SUMMARY_MAX = 150, 600


class TitleText(LineText):
    """An innovation's title, a team's or an office's name: one line, of at most TITLE_MAX."""

    LIMIT = TITLE_MAX


class SummaryText(Text):
    """An innovation's summary: a paragraph of at most SUMMARY_MAX."""

    LIMIT = SUMMARY_MAX


BiTitle = Annotated[TitleText, BeforeValidator(_text)]
BiSummary = Annotated[SummaryText, BeforeValidator(_text)]


# ---- GitHub handles (the offices' maintainers, written into CODEOWNERS) -------------------------
# A user (@rahim-khan: letters, digits and single inner hyphens, at most 39) or an organisation's
# team (@innobank/mopa-team); the @ may be left out. Nothing else: CODEOWNERS also takes e-mail
# addresses, but the bank publishes no personal contact details.
HANDLE = r"@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9_-]{0,99})?"


_HANDLE = re.compile(HANDLE)


def _handle(value: str) -> str:
    if not _HANDLE.fullmatch(value):
        raise problem("handle", value=" ".join(value.split()))  # quoted on one line of the message
    return value


Handle = Annotated[str, AfterValidator(_handle), Field(json_schema_extra={"pattern": f"^{HANDLE}$"})]


class Person(Strict):
    """An officer, by name and designation only: the bank holds no personal contact details."""

    name: BiLine
    designation: BiLine


class Answer(str, Enum):
    """The form's হ্যাঁ / আংশিক / না."""

    yes = "yes"
    partly = "partly"
    no = "no"


_ANSWERS = {True: "yes", False: "no", "হ্যাঁ": "yes", "হ্যা": "yes", "আংশিক": "partly", "না": "no"}


def _answer(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        key = value.strip() if isinstance(value, str) else value
        return _ANSWERS.get(key, key.lower() if isinstance(key, str) else key)
    return value


YesPartlyNo = Annotated[Answer, BeforeValidator(_answer)]


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        mapped = _answer(value)
        if mapped in ("yes", "no"):
            return mapped == "yes"
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]


class Period(Strict):
    """A before → after pair; used for each of time, cost and visits."""

    before: Amount
    after: Amount


class TimeSaved(Period):
    unit: str = Field(default="days", pattern="^(minutes|hours|days)$")
