"""Loading the whole bank: read every content file, validate it against its model, then check
what no single file can (references, duplicate slugs, personal data). All problems are collected."""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Generic, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from ..model import KINDS, Idea, Office, Team
from ..model.common import SLUG
from .checks import check_bank
from .problems import Problem
from .source import Source, read_source, read_text
from .translate import problems_from

M = TypeVar("M", bound=BaseModel)
SUFFIXES = (".md", ".yaml", ".yml")


@dataclass
class Record(Generic[M]):
    """One content file after validation: its slug, model, Markdown bodies and source."""

    slug: str
    item: M
    source: Source
    body: dict[str, str] = field(default_factory=dict)  # lang → Markdown
    body_line: dict[str, int] = field(default_factory=dict)  # lang → file line of the body's first line


def _stripped(text: str, first_line: int) -> tuple[str, int]:
    """The body without surrounding blank space, and the file line its first line is on."""
    body = text.strip()
    return body, first_line + text[: len(text) - len(text.lstrip())].count("\n")


@dataclass
class Bank:
    root: Path
    ideas: dict[str, Record[Idea]] = field(default_factory=dict)
    teams: dict[str, Record[Team]] = field(default_factory=dict)
    offices: dict[str, Record[Office]] = field(default_factory=dict)


def content_files(root: Path, kind: str) -> list[Path]:
    folder = root / kind
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries
                       if e.is_file() and e.name.endswith(SUFFIXES) and not e.name.startswith("."))
    return [folder / name for name in names]


def _relative(path: Path) -> str:
    """The path as problems print it: relative to the working folder (one relpath per folder)."""
    return os.path.join(_folder(str(path.parent)), path.name)


@lru_cache(maxsize=None)
def _folder(folder: str) -> str:
    try:
        return os.path.relpath(folder)
    except ValueError:
        return folder


def load(root: Path, only: Iterable[Path] | None = None) -> tuple[Bank, list[Problem]]:
    """Load content/ under root. With `only`, report problems for those files alone (the whole
    bank is still read, because references cross files)."""
    # Loading builds millions of objects that all live on; the cyclic garbage collector would
    # scan them again and again (a quarter of the time at 10,000 innovations) to free nothing.
    collecting = gc.isenabled()
    gc.disable()
    _folder.cache_clear()  # the working folder may have changed since the last load
    try:
        return _load(root, only)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, only: Iterable[Path] | None) -> tuple[Bank, list[Problem]]:
    bank = Bank(root)
    problems: list[Problem] = []
    for kind, model in KINDS.items():
        records = getattr(bank, kind)
        files = content_files(root, kind)
        english = {p.name[: -len(".en.md")]: p for p in files if p.name.endswith(".en.md")}
        taken: dict[str, str] = {}  # slug → the file that has it, valid or not
        for path in files:
            if path.name.endswith(".en.md"):
                continue
            slug = path.name.rsplit(".", 1)[0]
            shown = _relative(path)
            if not re.match(SLUG, slug):
                problems.append(Problem.of(shown, 1, 1, "", "file_name", example="online-leave-approval"))
                continue
            if slug in taken:
                problems.append(Problem.of(shown, 1, 1, "", "duplicate_slug", other=taken[slug]))
                continue
            taken[slug] = shown
            source = read_source(path, shown, problems)
            if source is None:
                continue
            try:
                item = model.model_validate(source.data)
            except ValidationError as error:
                problems.extend(problems_from(error, model, source))
                continue
            record = Record(slug, item, source)
            record.body["bn"], record.body_line["bn"] = _stripped(source.body, source.body_line)
            if slug in english:
                text = read_text(english.pop(slug), _relative(path.with_name(slug + ".en.md")), problems)
                if text is not None:
                    record.body["en"], record.body_line["en"] = _stripped(text, 1)
            records[slug] = record
        for slug, path in english.items():
            if not (path.with_name(slug + ".md")).exists():
                problems.append(Problem.of(_relative(path), 1, 1, "", "orphan_english", base=slug + ".md"))
    problems.extend(check_bank(bank))
    if only is not None:
        wanted = {_relative(Path(p)) for p in only}
        problems = [p for p in problems if p.file in wanted]
    return bank, sorted(set(problems))
