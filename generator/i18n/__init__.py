"""One catalogue of every string a person reads, in Bengali and English, plus the digit, number
and date formatting each language needs. Pages, CLI messages and validation errors all read it."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("bn", "en")
DEFAULT_LANGUAGE = "bn"
BENGALI_SCRIPT = re.compile("[\u0980-\u09ff]")  # a letter, sign or digit of the Bengali block

_BN_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(_BN_DIGITS, "0123456789")
_TO_BN = str.maketrans("0123456789", _BN_DIGITS)

_MONTHS = {
    "bn": ["জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট",
           "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def ascii_digits(text: str) -> str:
    """২০২২ → 2022: officers type numbers in either digit set."""
    return text.translate(_TO_ASCII)


def localise_digits(text: object, lang: str) -> str:
    text = str(text)
    return text.translate(_TO_BN) if lang == "bn" else text


def format_number(value: float | int, lang: str) -> str:
    """Grouped with commas (South Asian grouping is not expected on the form)."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return localise_digits(text, lang)


def format_date(value: _dt.date | None, lang: str) -> str:
    if value is None:
        return ""
    return localise_digits(f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}", lang)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("catalogue.yaml")
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for key, entry in data.items():
        missing = [lang for lang in LANGUAGES if not entry.get(lang)]
        if missing:
            raise ValueError(f"catalogue.yaml: {key} has no {', '.join(missing)} text")
    return data


def t(key: str, lang: str, /, **values: object) -> str:
    """The catalogue string for key in lang, with {placeholders} filled in. A {hint} becomes
    "Did you mean …?" when a suggestion is given, and nothing when none is."""
    text = catalogue()[key][lang]
    if "{hint}" in text:
        suggestion = values.get("suggestion")
        values["hint"] = " " + t("hint.did_you_mean", lang, suggestion=suggestion) if suggestion else ""
    if values:
        text = text.format(**{k: shown(v, lang) for k, v in values.items()})
    return text


def shown(value: object, lang: str) -> object:
    """A parameter as the message shows it, by its kind: a number (a count, a limit, a process)
    and a date (as year-month-day) in the language's digits; text as it is written, since it is a
    file or field path, a web address, a code or what the officer typed, which must be found as
    it is. A number or date that is text (a date's isoformat()) is given as its kind instead."""
    if isinstance(value, bool) or not isinstance(value, (int, float, _dt.date)):
        return value
    return localise_digits(value.isoformat() if isinstance(value, _dt.date) else value, lang)


def both(key: str, **values: object) -> str:
    """English / Bengali on one line, for a terminal."""
    return f"{t(key, 'en', **values)} / {t(key, 'bn', **values)}"
