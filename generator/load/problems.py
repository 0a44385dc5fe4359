"""A problem found in the content: file, line, column, field path and a bilingual sentence an
officer understands. Problems are collected, never raised one at a time, and printed for people,
as JSON, or as GitHub Actions annotations. A problem is an error (the file cannot be published
as it is) unless it is a warning: something to look at that does not stop anything."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from itertools import groupby

from ..i18n import both, t


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    code: str
    en: str
    bn: str
    severity: str = "error"  # or "warning"

    @property
    def error(self) -> bool:
        return self.severity == "error"

    @classmethod
    def of(cls, file: str, line: int, column: int, field: str, code: str, **values) -> "Problem":
        values = {k: ("" if v is None else v) for k, v in values.items()}
        for name in ("value", "key", "suggestion"):  # what the officer wrote, quoted: keep it short
            if isinstance(values.get(name), str) and len(values[name]) > 60:
                values[name] = values[name][:57] + "…"
        key = f"problem.{code}"
        return cls(file, line, column, field, code,
                   t(key, "en", field=field, **values), t(key, "bn", field=field, **values))


class ContentError(Exception):
    """Raised by whoever needs valid content (the site build) when problems were found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_human(problems, colour=False))


def format_human(problems: list[Problem], colour: bool | None = None) -> str:
    if colour is None:
        colour = sys.stdout.isatty()
    red, yellow, dim, bold, reset = ("\033[31m", "\033[33m", "\033[2m", "\033[1m", "\033[0m") if colour else ("",) * 5
    lines = []
    for file, group in groupby(sorted(problems), key=lambda p: p.file):
        lines.append(f"{bold}{file}{reset}")
        for p in group:
            where = f"{p.line}:{p.column}" + ("" if p.error else f" {both('cli.warning')}")
            field = f" {dim}{p.field}{reset}" if p.field else ""
            lines.append(f"  {red if p.error else yellow}{where}{reset}{field}")
            lines.append(f"    {p.en}")
            lines.append(f"    {p.bn}")
    errors = sum(p.error for p in problems)
    if errors or len(problems) == errors:
        lines.append(both("cli.problems_found", count=errors))
    if len(problems) > errors:
        lines.append(both("cli.warnings_found", count=len(problems) - errors))
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in sorted(problems)], ensure_ascii=False, indent=2)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape(text).replace(",", "%2C").replace(":", "%3A")


def format_github(problems: list[Problem]) -> str:
    """`::error file=…,line=…::` (or `::warning`) lines, which Actions shows on the changed lines of a PR."""
    out = []
    for p in sorted(problems):
        # A file name with "," or ":" (or a line break) would otherwise end the property early.
        out.append(f"::{p.severity} file={_escape_property(p.file)},line={p.line},col={p.column},"
                   f"title={_escape_property(p.field or p.code)}::"
                   f"{_escape(p.en + ' / ' + p.bn)}")
    return "\n".join(out)


FORMATS = {"human": format_human, "json": format_json, "github": format_github}
