"""Turns pydantic's validation errors into Problems with catalogue sentences, including
"did you mean …" for unknown keys, for values outside a list of choices (found by their Bengali
and English labels too) and for references to offices, teams and places (found by their names)."""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from collections.abc import Mapping
from enum import Enum
from functools import lru_cache

from pydantic import BaseModel, ValidationError

from ..i18n import LANGUAGES, ascii_digits, catalogue, localise_digits
from ..model.places import Place, places
from .problems import Problem
from .source import Source, as_nfc

_CODES = {
    "missing": "missing",
    "extra_forbidden": "unknown_key",
    "enum": "choice",
    "literal_error": "choice",
    "int_parsing": "number", "int_type": "number", "int_from_float": "number",
    "float_parsing": "number", "float_type": "number", "finite_number": "number",
    "greater_than_equal": "too_small", "greater_than": "too_small",
    "less_than_equal": "too_large", "less_than": "too_large",
    "string_too_short": "empty", "too_short": "empty",
    "string_pattern_mismatch": "pattern",
    "bool_parsing": "yes_no", "bool_type": "yes_no",
    "date_type": "date_format", "date_parsing": "date_format", "date_from_datetime_parsing": "date_format",
    "date_from_datetime_inexact": "date_format",
    "model_type": "mapping", "dict_type": "mapping", "model_attributes_type": "mapping",
    "list_type": "list",
    "string_type": "text",
}

# What a value of each patterned field looks like, for officers who do not read regular expressions.
# (References to offices and teams are not here: their message names an id that exists.)
_EXAMPLES = {"fiscal_year": "2022-2023", "year": "2022-2023", "activity": "1.2.1", "src": "media/help-desk.jpg"}

# Fields that name another file, by the model that has them: the bank's table the id must be in,
# and the problem reported when it is not. check_bank reports ids of the right form that lead
# nowhere; a value that is not even of an id's form ("LGD", a name) is reported here, the same way.
_REFERENCES = {"office": ("offices", "unknown_office"), "team": ("teams", "unknown_team")}
_PARENTS = {"Team": ("teams", "unknown_team"), "Office": ("offices", "unknown_office")}


# Checks that compare fields are raised by the enclosing model, so pydantic gives the model's path
# (the file's line 1 for the whole idea); point at the field the officer has to change instead.
_FOCUS = {"implemented_date": ("status",), "reason_required": ("running",), "date_order": ("implemented",)}


def _unwrap(tp):
    """The model or enum class inside Optional[...], list[...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (list, typing.Union) or str(origin) == "<class 'types.UnionType'>":
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if not args:
                return None
            tp = args[0]
        else:
            return tp


def _class_at(model: type[BaseModel], loc: tuple) -> type | None:
    current: type | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current


# fold()'s rules by Unicode general category, as data: the contribute form folds what the officer
# types by the same rules (fold_rules()).
_DROPPED = ("Cf",)  # invisible format characters
_KEPT = ("L", "M", "N")  # letters, marks, digits


class _Folding(dict):
    """The str.translate table of fold(): Bengali digits → ASCII, invisible format characters
    (zero-width space and joiners, soft hyphen, byte-order mark) → nothing, letters, marks, digits
    and `keep` → themselves, anything else → a space. Each character is decided once; translate
    then runs in C (a loop in Python was most of the cost of comparing 10,000 titles)."""

    def __init__(self, keep: str):
        super().__init__()
        self.keep = keep

    def __missing__(self, code: int):
        char = chr(code)
        kind = unicodedata.category(char)
        if kind in _DROPPED:
            self[code] = None
        elif kind[0] in _KEPT or char in self.keep:
            self[code] = ascii_digits(char)
        else:
            self[code] = " "
        return self[code]


_FOLDING: dict[str, _Folding] = {}


def fold(text: str, keep: str = "") -> str:
    """What people wrote, made comparable: NFC, case-folded, Bengali digits as ASCII, invisible
    characters gone, and every run of punctuation, symbols and spaces (but the characters in
    `keep`) one space. "LGD" and "lgd", "local-govt-division" and "Local Govt. Division", ২০২২
    and 2022 fold alike."""
    text = as_nfc(text)  # content is NFC already: the check is cheap
    table = _FOLDING.get(keep)
    if table is None:
        table = _FOLDING[keep] = _Folding(keep)
    return " ".join(text.casefold().translate(table).split())


@lru_cache(maxsize=1)
def fold_rules() -> dict:
    """fold() as data, for a fold in JavaScript that gives the same text (similar-titles.js): the
    categories dropped and kept, the digits made ASCII, and each character whose case folding
    is not its lower case (ß → ss, ς → σ), the rest being lower-cased one character at a time
    (case folding is per character)."""
    special = {}
    for start in range(0, 0x110000, 256):  # a block whose folding is its lower case has none (most)
        block = "".join(map(chr, range(start, start + 256)))
        if block.casefold() == block.lower():
            continue
        for char in block:
            if char.casefold() != char.lower() and not 0xD800 <= ord(char) <= 0xDFFF:
                special[char] = char.casefold()
    return {"dropped": list(_DROPPED), "kept": list(_KEPT), "casefold": special,
            "digits": {digit: ascii_digits(digit) for digit in localise_digits("0123456789", "bn")}}


def _names(value: object) -> list[str]:
    """The names that lead to an id: an office's or team's record gives its Bengali and English
    name, a place its two names, a list its labels."""
    if isinstance(value, (list, tuple)):
        return [v for v in value if v]
    if isinstance(value, Place):
        return [value.name_bn, value.name_en]
    name = getattr(getattr(value, "item", None), "name", None)  # a Record of an office or a team
    return [n for n in (getattr(name, "bn", None), getattr(name, "en", None)) if n]


_INDEX: dict[int, tuple[object, int, dict[str, str]]] = {}  # id(choices) → (choices, size, folded → id)


def _index(choices: Mapping | list) -> dict[str, str]:
    """Every folded id and name → its id. Built once per table (a bank's offices, the places):
    a file of many wrong references asks the same table many times."""
    known = _INDEX.get(id(choices))
    if known and known[0] is choices and known[1] == len(choices):
        return known[2]
    index: dict[str, str] = {}
    for key in choices:
        for text in [key] + (_names(choices[key]) if isinstance(choices, Mapping) else []):
            index.setdefault(fold(str(text)), key)
    index.pop("", None)
    if len(_INDEX) > 8:
        _INDEX.clear()
    _INDEX[id(choices)] = (choices, len(choices), index)
    return index


def suggest(word: object, choices: Mapping | list[str]) -> str:
    """The choice an officer most likely meant, or "". `choices` is a list of ids, or a mapping
    of id → what names it (a record, a place, labels), so that a name written where the id
    belongs ("স্থানীয় সরকার বিভাগ", "Local Government Division") or a label ("বাস্তবায়িত") leads
    to the id too. Compared folded: case, punctuation and digit set do not count."""
    word, index = str(word), _index(choices)
    # A match needs a ratio 2·common/(len(word)+len(choice)) ≥ 0.5, impossible once the word is
    # over three times the longest choice; difflib would still spend seconds on a 400 KB value.
    if not index or len(word) > 3 * max(map(len, index)):
        return ""
    word = fold(word)
    if word in index:
        return index[word]
    close = difflib.get_close_matches(word, list(index), n=1, cutoff=0.5)
    return index[close[0]] if close else ""


@lru_cache(maxsize=64)
def _labels(values: tuple[str, ...]) -> dict[str, list[str]]:
    """Each value of a choice with its Bengali and English labels from the catalogue: every group
    of catalogue keys `<group>.<value>` that has all the choice's values (status.*, kind.*, …)."""
    groups = {key.split(".", 1)[0] for key in catalogue() if key.count(".") == 1}
    groups = [g for g in groups if all(f"{g}.{v}" in catalogue() for v in values)]
    return {v: [catalogue()[f"{g}.{v}"][lang] for g in sorted(groups) for lang in LANGUAGES] for v in values}


def _choices(pattern: str) -> list[str] | None:
    """The words of a pattern that is a list of choices, "^(minutes|hours|days)$"."""
    found = re.fullmatch(r"\^\(([a-z_|]+)\)\$", pattern or "")
    return found.group(1).split("|") if found else None


def _reference(model: type[BaseModel], loc: tuple) -> tuple[str, str] | None:
    """(bank table, problem code) when the field at loc names another file."""
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if name == "parent":
        return _PARENTS.get(model.__name__)
    return _REFERENCES.get(name)


def _clean_loc(loc: tuple, data: object) -> tuple:
    """pydantic puts validator names such as 'function-before[...]' into the path for Annotated
    types; drop them, but never a key the file has (an officer's key may well be "[")."""
    out, here = [], data
    for p in loc:
        if (isinstance(here, dict) and p in here
                or isinstance(here, list) and isinstance(p, int) and 0 <= p < len(here)):
            out.append(p)
            here = here[p]
        elif not (isinstance(p, str) and ("[" in p or p.startswith("function-"))):
            out.append(p)
            here = None
    return tuple(out)


def problems_from(error: ValidationError, model: type[BaseModel], source: Source, bank=None) -> list[Problem]:
    """The bank, when given, holds the offices and teams a reference may name (the loader reads
    them before the innovations), for the suggestion."""
    found = []
    for e in error.errors():
        loc = _clean_loc(e["loc"], source.data)
        code = _CODES.get(e["type"], "other")
        ctx = dict(e.get("ctx") or {})
        values: dict = {"value": _short(e.get("input")), "reason": e.get("msg", "")}
        if e["type"] == "bank":  # raised by a model's own check (model.common.problem)
            code = ctx.pop("code", "other")
            values.update({k: _short(v) if isinstance(v, str) else v for k, v in ctx.items()})
            if code == "place_parts":  # {district: dhakaa}: the code of the place it names
                values["suggestion"] = suggest(ctx.get("given", ""), _places_at(ctx.get("level", "")))
            loc += _FOCUS.get(code, ())
        elif code == "unknown_key" and (number := _comma_before(source.data, loc)) is not None:
            code = "comma_in_braces"  # {before: ১,৫০০ টাকা, after: ৫০}: the comma ended the field
            values.update(key=loc[-1], number=number)
        elif code == "unknown_key":
            parent = _class_at(model, loc[:-1])
            names = list(parent.model_fields) if parent and issubclass(parent, BaseModel) else []
            values.update(key=loc[-1], suggestion=suggest(loc[-1], names), allowed=", ".join(names))
        elif code == "choice":
            cls = _class_at(model, loc)
            labels = _labels(tuple(m.value for m in cls)) if isinstance(cls, type) and issubclass(cls, Enum) else {}
            values.update(suggestion=suggest(e.get("input"), labels), allowed=", ".join(labels))
        elif code in ("too_small", "too_large"):
            values["limit"] = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt", ""))))
        elif code == "pattern" and _reference(model, loc):
            table, code = _reference(model, loc)
            values["suggestion"] = suggest(e.get("input"), getattr(bank, table, None) or [])
        elif code == "pattern" and _choices(ctx.get("pattern")):  # a few words: a choice, as above
            code, labels = "choice", _labels(tuple(_choices(ctx["pattern"])))
            values.update(suggestion=suggest(e.get("input"), labels), allowed=", ".join(labels))
        elif code == "pattern":
            name = next((p for p in reversed(loc) if isinstance(p, str)), "")
            values["example"] = _EXAMPLES.get(name, source.path.stem if name == "aliases" else
                                              "lowercase-words-with-hyphens")
        found.append(source.problem(loc, code, **values))
    return found


@lru_cache(maxsize=4)
def _places_at(level: str) -> dict[str, Place]:
    """The places of a level (division, district or upazila); every place for none."""
    return {code: place for code, place in places().items() if place.level == level or not level}


def _comma_before(data: object, loc: tuple) -> str | None:
    """The number before an unknown key that starts with a digit and has no value, when the field
    before it holds one: a thousands comma in a {…} group, which YAML reads as the end of a field."""
    for p in loc[:-1]:
        data = data[p] if isinstance(data, (dict, list)) and p in (data if isinstance(data, dict) else range(len(data))) else None
    if not isinstance(data, dict) or not isinstance(loc[-1], str) or data.get(loc[-1]) is not None:
        return None
    keys = list(data)
    before = data[keys[keys.index(loc[-1]) - 1]] if keys.index(loc[-1]) > 0 else None
    if loc[-1][:1].isdecimal() and str(before)[-1:].isdecimal() and not isinstance(before, bool):
        return str(before)
    return None


def _short(value: object) -> str:
    text = "" if value is None or isinstance(value, dict) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
