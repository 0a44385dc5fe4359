"""Turns pydantic's validation errors into Problems with catalogue sentences, including
"did you mean …" for unknown keys and values outside a list of choices."""

from __future__ import annotations

import difflib
import typing
from enum import Enum

from pydantic import BaseModel, ValidationError

from .problems import Problem
from .source import Source

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
_EXAMPLES = {
    "office": "pmis-mopa", "team": "lgd-innovation-team", "parent": "mopa", "aliases": "old-name",
    "fiscal_year": "2022-2023", "activity": "1.2.1", "src": "media/help-desk.jpg", "unit": "days",
}


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


def suggest(word: object, choices: list[str]) -> str:
    word = str(word)
    # A match needs a ratio 2·common/(len(word)+len(choice)) ≥ 0.5, impossible once the word is
    # over three times the longest choice; difflib would still spend seconds on a 400 KB value.
    if not choices or len(word) > 3 * max(len(c) for c in choices):
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return close[0] if close else ""


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


def problems_from(error: ValidationError, model: type[BaseModel], source: Source) -> list[Problem]:
    found = []
    for e in error.errors():
        loc = _clean_loc(e["loc"], source.data)
        code = _CODES.get(e["type"], "other")
        ctx = dict(e.get("ctx") or {})
        values: dict = {"value": _short(e.get("input")), "reason": e.get("msg", "")}
        if e["type"] == "bank":  # raised by a model's own check (model.common.problem)
            code = ctx.pop("code", "other")
            values.update({k: _short(v) if isinstance(v, str) else v for k, v in ctx.items()})
            loc += _FOCUS.get(code, ())
        elif code == "unknown_key":
            parent = _class_at(model, loc[:-1])
            names = list(parent.model_fields) if parent and issubclass(parent, BaseModel) else []
            values.update(key=loc[-1], suggestion=suggest(loc[-1], names), allowed=", ".join(names))
        elif code == "choice":
            cls = _class_at(model, loc)
            names = [m.value for m in cls] if isinstance(cls, type) and issubclass(cls, Enum) else []
            values.update(suggestion=suggest(e.get("input"), names), allowed=", ".join(names))
        elif code in ("too_small", "too_large"):
            values["limit"] = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt", ""))))
        elif code == "pattern":
            name = next((p for p in reversed(loc) if isinstance(p, str)), "")
            values["example"] = _EXAMPLES.get(name, "lowercase-words-with-hyphens")
        found.append(source.problem(loc, code, **values))
    return found


def _short(value: object) -> str:
    text = "" if value is None or isinstance(value, dict) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
