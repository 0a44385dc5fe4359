"""The JSON Schema (draft 2020-12) of the content models, in the two forms the bank uses:

- the content file (`innobank schema`, editors through yaml-language-server, the web form): what
  a file may hold, including the loose forms the models accept and normalise (Bengali digits,
  "হ্যাঁ" or "yes", a plain string for a text in Bengali only, spaces around a value);
- the record (the JSON API): the normalised values the models give back.

Pydantic writes the bounds of a type whose BeforeValidator runs first as "ge"/"le", which are not
JSON Schema keywords, so every validator ignored them. Here every bound is minimum/maximum (and a
pattern for the text forms of numbers), each normaliser in common.py is described by the input it
takes, the rules between fields are if/then where JSON Schema can say them, and a model's
description names the rules it cannot say (`innobank validate` checks those)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from . import KINDS
from .common import (NOT_FUTURE, URL_AFTER_SCHEME, _ANSWERS, _NOT_ONE_LINE, LineText, SummaryText, Text, TitleText, _answer, _date, _fiscal_year, _flag, _number,
                     _numbering, _text, _url, _year)
from .idea import IMPLEMENTED, Dates, Idea, Service

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_BENGALI = "০১২৩৪৫৬৭৮৯"
_EDGE = r"[\s,]*"  # before and after a number: _number drops commas, then spaces are stripped
_SEP = "[,_]*"  # after a digit: _number drops commas; pydantic reads 1_000 as 1000


def _digit(low: int = 0, high: int = 9) -> str:
    """A digit from low to high in either script (officers type both)."""
    if low == high:
        return f"[{low}{_BENGALI[low]}]"
    return f"[{low}-{high}{_BENGALI[low]}-{_BENGALI[high]}]"


def _same_length(low: str, high: str) -> list[list[tuple[int, int]]]:
    """The numbers low..high, both of the same number of digits, as sequences of digit ranges."""
    if len(low) == 1:
        return [[(int(low), int(high))]]
    if low[0] == high[0]:
        return [[(int(low[0]),) * 2] + rest for rest in _same_length(low[1:], high[1:])]
    rest = len(low) - 1
    first, last = int(low[0]), int(high[0])
    head, tail = [], []
    if low[1:] != "0" * rest:
        head = [[(first, first)] + r for r in _same_length(low[1:], "9" * rest)]
        first += 1
    if high[1:] != "9" * rest:
        tail = [[(last, last)] + r for r in _same_length("0" * rest, high[1:])]
        last -= 1
    middle = [[(first, last)] + [(0, 9)] * rest] if first <= last else []
    return head + middle + tail


def _between(low: int, high: int | None) -> str:
    """A regular expression for the whole numbers low..high (no upper end when high is None),
    in either script, with leading zeros, thousands commas and underscores as _number allows."""
    top = high if high is not None else 10 ** len(str(low)) - 1
    spans = [[(0, 0)]] if low == 0 else []
    for n in range(len(str(max(low, 1))), len(str(top)) + 1):
        spans += _same_length(str(max(low, 1, 10 ** (n - 1))), str(min(top, 10 ** n - 1)))
    numbers = ["".join(_digit(a, b) + _SEP for a, b in span) for span in spans]
    if high is None:
        numbers.append(f"{_digit(1, 9)}{_SEP}(?:{_digit()}{_SEP}){{{len(str(low))},}}")
    zeros = f"(?:{_digit(0, 0)}{_SEP})"
    number = rf"(?:\+,*)?{zeros}*(?:{'|'.join(numbers)})(?:\.[,0০]*)?"
    if low == 0:  # pydantic reads "-0" as 0
        number = f"(?:{number}|-,*{zeros}+)"
    return f"^{_EDGE}{number}{_EDGE}$"


def _decimal(minimum: float | None) -> str:
    """A regular expression for a decimal number in either script, not below zero when minimum is
    0 (pydantic reads underscores anywhere in one)."""
    digits = f"(?:{_digit()}{_SEP})"
    zeros = f"(?:{_digit(0, 0)}{_SEP})"
    mantissa = rf"(?:{digits}+(?:\.{_SEP}{digits}*)?|\.{_SEP}{digits}+)"
    exponent = rf"(?:[eE]{_SEP}[+-]?{_SEP}{digits}+)?"
    if minimum is None:
        number = rf"(?:[+-]{_SEP})?{mantissa}{exponent}"
    elif minimum == 0:
        negative_zero = rf"-{_SEP}(?:{zeros}+(?:\.{_SEP}{zeros}*)?|\.{_SEP}{zeros}+){exponent}"
        number = rf"(?:(?:\+{_SEP})?{mantissa}{exponent}|{negative_zero})"
    else:
        raise ValueError(f"no text form for a decimal number of at least {minimum}")
    return f"^{_EDGE}{number}{_EDGE}$"


def _either_script(pattern: str, sep: str) -> str:
    """A pattern of ASCII digits (such as ^(19|20)\\d\\d$) for text in either script, with sep
    allowed after each digit and an en dash for each hyphen."""
    if not (pattern.startswith("^") and pattern.endswith("$")) or "{" in pattern:
        raise ValueError(f"cannot rewrite {pattern!r} for both scripts")
    body = re.sub(r"\\d|[0-9]|-", lambda m: "[-–]" + sep if m.group() == "-" else
                  (_digit() if m.group() == r"\d" else _digit(int(m.group()), int(m.group()))) + sep, pattern[1:-1])
    return rf"^{_EDGE}(?:{body}){_EDGE}$"


def _words(*words: str) -> str:
    """Any of the words, English ones in any case."""
    return "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c for c in w)
                    for w in words)


def _bengali(meaning: str) -> list[str]:
    return [word for word, value in _ANSWERS.items() if isinstance(word, str) and value == meaning]


# _answer strips the text and reads the Bengali words or the English ones in any case; what
# _flag does not map, pydantic reads as a boolean (these words in any case, nothing around them).
_ANSWER = rf"^\s*(?:{_words('yes', 'partly', 'no', *_bengali('yes'), *_bengali('partly'), *_bengali('no'))})\s*$"
_TRUE = (_words("yes", *_bengali("yes")), _words("true", "t", "y", "on", "1"))
_FALSE = (_words("no", *_bengali("no")), _words("false", "f", "n", "off", "0"))


def _flag_text(*forms: tuple[str, str]) -> str:
    mapped = "|".join(f[0] for f in forms)
    read = "|".join(f[1] for f in forms)
    return rf"^(?:\s*(?:{mapped})\s*|{read})$"


# common._url after stripping: http(s), case-insensitive, and the same host.
_URL = rf"^[hH][tT][tT][pP][sS]?{URL_AFTER_SCHEME}"
# A date as the API gives it, and as date.fromisoformat reads it after _date made the digits
# ASCII: 2023-01-05, 20230105, 2023-W01, 2023-W01-1 (format "date" alone asserts nothing by default).
_ISO_DATE = r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"
_D = _digit()
_DATE = (rf"^\s*{_D}{{4}}(?:-?(?:{_digit(0, 0)}{_digit(1, 9)}|{_digit(1, 1)}{_digit(0, 2)})"
         rf"-?(?:{_digit(0, 0)}{_digit(1, 9)}|{_digit(1, 2)}{_D}|{_digit(3, 3)}{_digit(0, 1)})"
         rf"|-?W{_D}{{2}}(?:-?{_digit(1, 7)})?)\s*$")


def _loose(function, canonical: dict, bounds: dict, pattern: str | None = None) -> dict:
    """What a content file may hold where a normaliser of common.py reads the value: the
    canonical form (with its bounds and the pattern the model checks afterwards) or one of the
    loose forms the normaliser turns into it."""
    if function in (_number, _year):
        if canonical.get("type") == "integer":
            if "minimum" not in bounds or set(bounds) - {"minimum", "maximum"}:
                raise ValueError(f"no text form for the whole numbers {bounds}")
            text = _between(bounds["minimum"], bounds.get("maximum"))
        else:
            if set(bounds) - {"minimum"}:
                raise ValueError(f"no text form for the numbers {bounds}")
            text = _decimal(bounds.get("minimum"))
        forms = [{"type": "string", "pattern": text, "description": "the number in Bengali or ASCII digits"}]
    elif function is _fiscal_year and pattern:
        years = [n for n in range(10_000) if re.search(pattern, str(n))]
        if years != list(range(years[0], years[-1] + 1)):
            raise ValueError(f"the whole numbers matching {pattern!r} are not one range")
        forms = [{"type": "string", "pattern": _either_script(pattern, "[ ,]*")},
                 {"type": "integer", "minimum": years[0], "maximum": years[-1]}]
    elif function is _date:
        forms = [{"type": "string", "pattern": _DATE, "description": "a date in Bengali or ASCII digits"}]
    elif function is _numbering and pattern:
        forms = [{"type": "string", "pattern": rf"^\s*(?:{pattern[1:-1].replace('[0-9]', _digit())})\s*$",
                  "description": "the number in Bengali or ASCII digits"}]
    elif function is _text:  # bounds: the shorthand's pattern and bound (_shorthand)
        forms = [{"type": "string", **bounds, "description": "the text in Bengali only"}, {"type": "number"}]
    elif function is _answer:
        forms = [{"type": "boolean"}, {"type": "string", "pattern": _ANSWER}]
    elif function is _flag:
        forms = [{"enum": [0, 1]}, {"type": "string", "pattern": _flag_text(_TRUE, _FALSE)}]
    else:
        raise ValueError(f"no input form for {function.__name__}")
    return {"anyOf": [canonical, *forms]}


_NORMALISERS = (_number, _year, _fiscal_year, _date, _text, _answer, _flag, _url, _numbering)


def _peel(schema: dict) -> tuple[dict, dict]:
    """(bounds, the schema under them): pydantic wraps a constrained type whose BeforeValidator
    comes first in one after-validator per bound, described as {"ge": 1}."""
    bounds: dict = {}
    while schema.get("type") == "function-after":
        updates = (schema.get("metadata") or {}).get("pydantic_js_updates") or {}
        if not updates or set(updates) - set(_BOUNDS):
            break
        for key, value in updates.items():
            name = _BOUNDS[key]
            tighter = max if name in ("minimum", "exclusiveMinimum") else min
            bounds[name] = tighter(bounds[name], value) if name in bounds else value
        schema = schema["schema"]
    return bounds, schema


# A Bengali-only shorthand of a one-line text: something to see, and no line break or tab.
LINE_TEXT = rf"^(?=[\s\S]*\S)[^{_NOT_ONE_LINE[1:-1]}]*$"


_TEXTS = (Text, LineText, TitleText, SummaryText)


def _shorthand(schema: dict) -> dict:
    """The Bengali-only shorthand (a plain string) of the text class whose core schema this is,
    itself or a reference to its definition: its pattern, and its bound (Text.LIMIT)."""
    cls = schema.get("cls") if schema.get("type") == "model" else next(
        (c for c in _TEXTS if schema.get("type") == "definition-ref"
         and schema["schema_ref"].startswith(f"{c.__module__}.{c.__qualname__}:")), None)
    found = {"pattern": LINE_TEXT if cls and issubclass(cls, LineText) else r"\S"}
    return {**found, "maxLength": cls.LIMIT} if cls and cls.LIMIT else found


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, with valid bound keywords, the normalisers' input forms (validation
    mode) and the rules between fields."""

    def generate_inner(self, schema):
        bounds, inner = _peel(schema) if isinstance(schema, dict) else ({}, schema)
        if not bounds:
            return super().generate_inner(schema)
        if inner.get("type") == "function-before" and inner["function"]["function"] in _NORMALISERS:
            return self._normalised(inner, bounds)
        return {**self.generate_inner(inner), **bounds}

    def function_before_schema(self, schema):
        if schema["function"]["function"] in _NORMALISERS:
            return self._normalised(schema, {})
        return super().function_before_schema(schema)

    def function_after_schema(self, schema):
        found = super().function_after_schema(schema)
        if getattr(schema["function"]["function"], "__func__", None) is Text._bn_checked.__func__:  # in any text class
            found["pattern"] = r"\S"  # one character that is not a space: nearly what _visible asks
        return found

    def chain_schema(self, schema):
        first, last = schema["steps"][0], schema["steps"][-1]
        if first.get("type") == "function-before" and first["function"]["function"] in _NORMALISERS:
            canonical = self.generate_inner(last)
            if self.mode == "serialization":
                return canonical
            core = last
            while "pattern" not in core and "schema" in core:
                core = core["schema"]
            return _loose(first["function"]["function"], canonical, {}, core.get("pattern"))
        return super().chain_schema(schema)

    def _normalised(self, schema: dict, bounds: dict) -> dict:
        function = schema["function"]["function"]
        canonical = {**self.generate_inner(schema["schema"]), **bounds}
        if function is _url:
            canonical["pattern"] = self._stripped(_URL)
            return canonical
        if function is _date:
            canonical["pattern"] = _ISO_DATE
        if self.mode == "serialization":
            return canonical
        if function is _text:
            return _loose(function, canonical, _shorthand(schema["schema"]))
        return _loose(function, canonical, bounds)

    def str_schema(self, schema):
        found = super().str_schema(schema)
        if "pattern" in found:
            found["pattern"] = self._stripped(found["pattern"])
        return found

    def _stripped(self, pattern: str) -> str:
        """Models strip the spaces around a text before matching it: a file may have them."""
        if self.mode == "validation" and self._config.str_strip_whitespace and pattern.startswith("^") \
                and pattern.endswith("$"):
            return rf"^\s*(?:{pattern[1:-1]})\s*$"
        return pattern

    def model_schema(self, schema):
        found = super().model_schema(schema)
        cls = schema["cls"]
        if cls is Service:
            false = ({"const": False} if self.mode == "serialization" else
                     {"anyOf": [{"const": False}, {"const": 0}, {"type": "string", "pattern": _flag_text(_FALSE)}]})
            found["if"] = {"required": ["running"], "properties": {"running": false}}
            found["then"] = {"required": ["not_running_reason"],
                             "properties": {"not_running_reason": {"not": {"type": "null"}}}}
        elif cls is Idea:
            found["if"] = {"required": ["status"], "properties": {"status": {"enum": [s.value for s in IMPLEMENTED]}}}
            found["then"] = {"required": ["dates"], "properties": {"dates": {
                "required": ["implemented"], "properties": {"implemented": {"not": {"type": "null"}}}}}}
        elif issubclass(cls, Text) and cls.LIMIT:  # each language's bound, as common._at_most checks it
            for text in (found["properties"][lang] for lang in ("bn", "en")):
                for branch in text.get("anyOf", [text]):
                    if branch.get("type") == "string":
                        branch["maxLength"] = cls.LIMIT
        unsaid = [*_UNSAID.get(cls, ()), *_not_after_today(past_dates().get(cls.__name__, ()))]
        if unsaid:
            said = f"Not expressed here, checked by `innobank validate`: {'; '.join(unsaid)}."
            found["description"] = f"{found.get('description', '')}\n\n{said}".strip()
        return found


_VISIBLE = "bn holds a character one can see (not only spaces or zero-width characters)"
_UNSAID = {Dates: ("implemented is not before started",), Text: (_VISIBLE,), SummaryText: (_VISIBLE,)}


def _not_after_today(fields: tuple[str, ...]) -> list[str]:
    return [f"{' and '.join(fields)} {'is' if len(fields) == 1 else 'are'} not after today (in Bangladesh)"] if fields else []


@cache
def past_dates() -> dict[str, tuple[str, ...]]:
    """Each content model's fields typed PastDate (common.py), by the model's name (its schema's
    title). "Not after today" is no JSON Schema keyword: the web form (pages/contribute.py) and
    the schema's descriptions take it from here, so a field typed PastDate needs no other edit."""
    found: dict[str, tuple[str, ...]] = {}
    seen: set[type] = set()
    todo: list[type] = list(KINDS.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        fields = tuple(name for name, info in model.model_fields.items()
                       if NOT_FUTURE in info.metadata or any(NOT_FUTURE in _metadata(t) for t in _types(info.annotation)))
        if fields:
            found[model.__name__] = fields
        todo += [t for info in model.model_fields.values() for t in _types(info.annotation)
                 if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


def _types(annotation) -> list:
    """The annotation and every type within it (of a list, a union, an Annotated)."""
    return [annotation, *(t for arg in get_args(annotation) for t in _types(arg))]


def _metadata(annotation) -> tuple:
    return getattr(annotation, "__metadata__", ())

# What `innobank validate` checks that a schema of one file cannot say: across files, against the
# list of places, and the order of two dates.
_VALIDATE_ONLY = {
    "ideas": "office, team and replications[].office name existing office and team files; place and "
             "replications[].place are place codes (generator/model/places.py); an alias is no other "
             "innovation's name or alias; dates.implemented is not before dates.started",
    "teams": "office names an existing office file; parent names an existing team file and the parents "
             "do not come back round",
    "offices": "parent names an existing office file and the parents do not come back round; place is a "
               "place code (generator/model/places.py)",
}


def content_schemas() -> dict[str, dict]:
    """kind ('ideas', 'teams', 'offices') → JSON Schema of its content files."""
    out = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema(mode="validation", schema_generator=_Generator)
        unsaid = "; ".join([_VALIDATE_ONLY[kind], *_not_after_today(past_dates().get(model.__name__, ()))])
        out[kind] = {"$schema": DIALECT, "title": f"Innovation Bank {kind[:-1]}", **schema,
                     "description": f"A content file of content/{kind}/ (its YAML front matter). Numbers and "
                                    "dates may use Bengali digits, yes/no answers হ্যাঁ/না, and a text given as "
                                    "a plain string is Bengali. Not expressed here, checked by `innobank "
                                    f"validate`: {unsaid}; no text holds a personal mobile number or "
                                    "e-mail address."}
    return out


def record_schemas() -> tuple[dict[str, dict], dict]:
    """(kind → JSON Schema of one normalised record, the $defs they refer to): the records the
    API publishes."""
    _, top = models_json_schema([(model, "serialization") for model in KINDS.values()],
                                schema_generator=_Generator, ref_template="#/$defs/{model}")
    defs: dict[str, Any] = top["$defs"]
    return {kind: defs.pop(model.__name__) for kind, model in KINDS.items()}, defs
