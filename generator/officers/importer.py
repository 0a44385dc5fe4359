"""`innobank import`: the Cabinet Division's form, filled in by a ministry, into innovation files.

One file per row in content/ideas/. A row is the same innovation as an existing file when the
office is the same and the name is the same once spacing, punctuation, case and digit set are
ignored; that file is updated in place (only the form's seven fields; everything else in its
front matter and its body is kept). Otherwise a new file is written, named
<office>-<the name in Latin letters>, so a second import of the same sheet finds the same files.

The form has no date, but an implemented innovation needs `dates.implemented`: new files get the
date given with --implemented, or else the day of the import (the innovation was implemented on
or before the day its ministry reported it), with a comment in the file and a reminder at the end.

The header may take two rows (a title merged over two columns with their headers under it).
Every row that is not imported is reported with its row number and the reason; nothing is
dropped silently. Rows that hold no innovation (blank rows, column numbers, the header again,
a note only in a column outside the form, and the signature, name and date lines under the
table: the form's footer) are reported as such and do not make the import fail. Text the form
puts elsewhere (the words after an answer, a reason for a running service) is reported where
it went. An English sheet's cell that holds Bengali (as the site's English download does where
there is no English yet) is never taken as English (_apply_english), so importing any of the
site's own downloads changes nothing. New files have no body: the page shows the summary, and a
copy would show it twice. A formula in one of the form's columns is never calculated: its row is
refused (the officer pastes the values instead), and text that merely starts with "=" is
imported as it is written. Each file is checked like `innobank validate` before and after it is
written; a file that does not pass is put back as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from openpyxl.utils import get_column_letter

from .. import form
from ..i18n import BENGALI_SCRIPT, localise_digits, t
from ..load import Bank, load, load_file, shown_path
from ..load.problems import Problem
from ..load.source import read_source
from ..load.translate import suggest
from ..model import Idea
from ..model.common import today as _today
from ..model.idea import IMPLEMENTED
from . import frontmatter
from .messages import Said
from .sheets import Sheet, SheetError, read
from .translit import slugify

HEADER_SEARCH = 30  # rows searched for the header (title rows sit above it)


class ImportFailure(SheetError):
    """The whole file cannot be imported (no header, unknown office, unreadable file)."""


@dataclass
class Outcome:
    """What happened to one row of the sheet."""

    sheet: str | None  # None when the workbook has one sheet
    row: int  # the spreadsheet's row number
    action: str  # created | updated | unchanged | skipped
    path: str | None = None
    reasons: list[Said] = field(default_factory=list)
    blank: bool = False  # skipped: holds no innovation (blank, column numbers, header again, the footer)
    rolled_back: bool = False  # written, then put back because the full check found problems

    def label(self, lang: str) -> str:
        number = localise_digits(self.row, lang)
        return f"{self.sheet} · {number}" if self.sheet else number


@dataclass
class Result:
    notes: list[Said] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    dated: list[str] = field(default_factory=list)  # new files whose date is the import date

    def count(self, action: str, blank: bool | None = None) -> int:
        return sum(1 for o in self.outcomes if o.action == action and (blank is None or o.blank == blank))

    @property
    def failed(self) -> bool:
        return self.count("skipped", blank=False) > 0


@dataclass
class Header:
    index: int  # row index of the header's last row (the data starts below it)
    columns: dict[int, str]  # column index → form key (or form.SERIAL)
    lang: str
    cells: list[str]  # the header's text of each column (the lower row's, for a two-row header)
    first: int | None = None  # row index of its first row, when it has two


@dataclass
class _Existing:
    path: Path
    slug: str


def _columns_of(cells: list[str]) -> dict[str, int]:
    """Form key → column index of the header cells that name one (the form's own header wins)."""
    found: dict[str, int] = {}
    for c, text in enumerate(cells):
        key = form.column_for(text)
        if key and (key not in found or form.canonical(text, key) and not form.canonical(cells[found[key]], key)):
            found[key] = c
    return found


def _sub_header(cells: list[str], below: list[str], found: dict[str, int]) -> dict[str, int] | None:
    """The columns a second header row adds under the first, as in the common government layout:
    "সেবার বর্তমান অবস্থা" merged over two columns, with "সেবাটি কার্যকর আছে কিনা" and "না থাকলে
    তার কারণ" under it, and every other header merged over both rows. The row below counts only
    when every cell in it either repeats the one above (a merge) or names a column of the form."""
    added: dict[str, int] = {}
    for c, text in enumerate(below):
        if not text or (c < len(cells) and text == cells[c]):
            continue
        key = form.column_for(text)
        if key is None:
            return None
        if key not in found and key not in added and c not in found.values():
            added[key] = c
    return added or None


def find_header(sheet: Sheet) -> Header | None:
    """The first row (or two rows) naming the name column and at least two more of the form's columns."""
    rows = sheet.rows
    for index, cells in enumerate(rows[:HEADER_SEARCH]):
        found = _columns_of(cells)
        if not found:
            continue
        below = rows[index + 1] if index + 1 < len(rows) else []
        # a title merged over several columns with headers under it names none of them
        groups = {c for c, text in enumerate(cells) if text and c < len(below) and below[c] and below[c] != text
                  and text in (cells[c - 1] if c else None, cells[c + 1] if c + 1 < len(cells) else None)}
        upper = {k: c for k, c in found.items() if c not in groups}
        # a title row above the header (merged over the whole table) is not the header's first row
        added = _sub_header(cells, below, upper) if len(set(upper) - {form.SERIAL}) >= 2 else None
        merged = list(cells) + [""] * max(0, len(below) - len(cells))
        if added:
            for c in added.values():
                merged[c] = below[c]
            found = {**upper, **added}
        fields = set(found) - {form.SERIAL}
        if "name" in fields and len(fields) >= 3:
            columns = {c: key for key, c in found.items()}
            return Header(index + 1 if added else index, columns,
                          form.header_language(merged[c] for c in columns), merged, index if added else None)
    return None


def _column_name(header: Header, c: int) -> str:
    text = header.cells[c] if c < len(header.cells) else ""
    return f'{get_column_letter(c + 1)} "{text}"' if text else get_column_letter(c + 1)


def _header_notes(sheet: Sheet, header: Header, label: str | None) -> list[Said]:
    language = {"bn": "বাংলা / Bengali", "en": "English / ইংরেজি"}[header.lang]
    if header.first is None:
        notes = [Said.of("import.header_found", row=header.index + 1, sheet=label or sheet.name, language=language)]
    else:
        notes = [Said.of("import.header_found_two", row=header.first + 1, second=header.index + 1,
                         sheet=label or sheet.name, language=language)]
    for c, text in enumerate(header.cells):
        if text and c not in header.columns:
            notes.append(Said.of("import.ignored_column", column=_column_name(header, c)))
    missing = [form.BY_KEY[k].header(header.lang) for k in form.KEYS if k not in header.columns.values()]
    if missing:
        notes.append(Said.of("import.missing_columns", columns=", ".join(f'"{m}"' for m in missing)))
    return notes


# ---- rows that hold no innovation -----------------------------------------------------------

def _blank_reason(cells: dict[str, str], unread: list[str]) -> Said | None:
    """Why a row holds no innovation, or None. `unread`: the columns outside the form that have
    text in this row (named, so the officer knows that text was seen and not read)."""
    filled = {k: v for k, v in cells.items() if v}
    if not filled or set(filled) == {form.SERIAL}:
        if unread:
            return Said.of("import.unread_only", columns=", ".join(unread))
        return Said.of("import.blank_row")
    numbers = [form.normalise(v) for v in filled.values()]
    if len(numbers) >= 3 and all(n.isdigit() and int(n) <= 30 for n in numbers) and len(set(numbers)) == len(numbers):
        return Said.of("import.numbering_row")
    if sum(1 for k, v in filled.items() if form.column_for(v) == k) >= 3:
        return Said.of("import.header_again")
    return None


def _footer_like(cells: dict[str, str]) -> bool:
    """Whether a row looks like a line of the form's footer (a signature, a name, a designation,
    a date): one text merged across the page, or fewer than three cells and no name or summary."""
    filled = [v for k, v in cells.items() if v and k != form.SERIAL]
    if len(filled) >= 2 and len(set(filled)) == 1:
        return True
    return 0 < len(filled) < 3 and not cells.get("name") and not cells.get("summary")


def _footer_start(rows: list[dict[str, str]]) -> int:
    """The position in `rows` where the form's footer begins: the rows at the end that are blank
    or look like a footer line (len(rows) when there is none)."""
    start = len(rows)
    for position in range(len(rows) - 1, -1, -1):
        cells = rows[position]
        if not any(v for k, v in cells.items() if k != form.SERIAL):
            continue  # blank: reported as blank, but the footer may go on above it
        if not _footer_like(cells):
            break
        start = position
    return start


# ---- existing files -------------------------------------------------------------------------

def title_key(office: str, title: str) -> tuple[str, str]:
    return office, form.normalise(title)


def _index(ideas_dir: Path, bank: Bank) -> tuple[dict[tuple[str, str], _Existing], set[str]]:
    """(office, normalised title in either language) → file, and every slug and alias taken. The
    loaded bank has the valid files; only the others are read again."""
    found: dict[tuple[str, str], _Existing] = {}
    taken: set[str] = set()
    if not ideas_dir.is_dir():
        return found, taken
    for path in sorted(ideas_dir.glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        slug = path.name[:-3]
        taken.add(slug)
        source = bank.ideas[slug].source if slug in bank.ideas else read_source(path, path.name, [])
        if source is None:
            continue
        data = source.data
        aliases = data.get("aliases")
        if isinstance(aliases, list):
            taken.update(str(a) for a in aliases)
        title = data.get("title")
        texts = [title] if isinstance(title, str) else list(title.values()) if isinstance(title, dict) else []
        for text in texts:
            if isinstance(text, str) and text.strip():
                found.setdefault(title_key(str(data.get("office")), text), _Existing(path, slug))
    return found, taken


def new_slug(office: str, title: str, taken: set[str]) -> str:
    """<office>-<title in Latin letters>; a short hash when the title has no letters to keep, and
    -2, -3… only when another innovation already has the name."""
    base = slugify(title, limit=50) or hashlib.sha1(form.normalise(title).encode()).hexdigest()[:8]
    slug = f"{office}-{base}"
    number = 2
    candidate = slug
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


# ---- English sheets -------------------------------------------------------------------------

_LATIN = re.compile("[A-Za-z]")


def in_bengali(text: str) -> bool:
    """Whether a text is written in Bengali script: more of its words hold Bengali letters than
    Latin ones ("e-Nothi (ই-নথি)" is English, "উপজেলা ই-সেবা কেন্দ্র (UeSC)" Bengali)."""
    words = text.split()
    return sum(1 for w in words if BENGALI_SCRIPT.search(w)) > sum(1 for w in words if _LATIN.search(w))


def _texts(value) -> tuple[str | None, str | None]:
    """(Bengali, English) of a text field as the file holds it: a plain line is Bengali."""
    bn, en = (value.get("bn"), value.get("en")) if isinstance(value, Mapping) else (value, None)
    return tuple(None if v is None or str(v) == "" else str(v) for v in (bn, en))


def _apply_english(data, row: form.FormRow) -> dict[str, bool]:
    """Set the fields of a row of an English sheet. The site's English download shows the Bengali
    text where a record has no English (form.row), and officers type Bengali into English sheets:
    a text cell that holds the file's Bengali text, or that is written in Bengali script, is not
    an English translation. It never becomes the English text, and never replaces the Bengali
    text from an English sheet: the field is left as it was, or, when it has no Bengali text yet
    (a new file, a remark not written before), the cell becomes its Bengali text. Returns each
    such cell's column key, True for one that became the Bengali text, to be told to the officer."""
    refused: dict[str, bool] = {}
    english: dict[str, str | None] = {}
    for key in form.TEXTS:
        text, path = getattr(row, key), form.BY_KEY[key].path
        if text is None:
            continue
        parent = data if len(path) == 1 else data.get("service")
        bn, en = _texts(parent.get(path[-1]) if isinstance(parent, Mapping) else None)
        if in_bengali(text) or (bn is not None and form.normalise(text) == form.normalise(bn)):
            english[key], refused[key] = en, bn is None
    form.apply(data, replace(row, **english), "en", frontmatter.new_map, frontmatter.Word)
    for key in (k for k, bengali in refused.items() if bengali):
        path = form.BY_KEY[key].path
        parent = data if len(path) == 1 else data["service"]
        current = parent.get(path[-1])
        if isinstance(current, Mapping):
            current["bn"] = getattr(row, key)
        else:
            parent[path[-1]] = getattr(row, key)
    return refused


def _apply(data, row: form.FormRow, lang: str) -> dict[str, bool]:
    """Set the form's fields from a row in the sheet's language (see _apply_english)."""
    if lang == "en":
        return _apply_english(data, row)
    form.apply(data, row, lang, frontmatter.new_map, frontmatter.Word)
    return {}


# ---- writing --------------------------------------------------------------------------------

_FORM_COMMENTS = {key: f"{n}. {form.BY_KEY[key].header('bn')} ({form.BY_KEY[key].header('en')})"
                  for n, key in enumerate(form.KEYS, start=1)}


def _new_document(row: form.FormRow, lang: str, office: str, team: str | None, kind: str, status: str,
                  date: dt.date, assumed: bool, source_name: str,
                  today: dt.date) -> tuple[frontmatter.Document, dict[str, bool]]:
    data = frontmatter.new_map()
    data["title"] = None
    data["summary"] = None
    data["kind"] = kind
    data["status"] = status
    data["office"] = office
    if team:
        data["team"] = team
    if status in IMPLEMENTED:
        data["dates"] = frontmatter.new_map([("implemented", date)])
        if assumed:
            data["dates"].yaml_add_eol_comment(
                "the day of the import: the form has no date, write the real one / "
                "ফর্মে তারিখ নেই, প্রকৃত তারিখ লিখুন", "implemented")
    data["service"] = frontmatter.new_map()
    refused = _apply(data, row, lang)
    data.yaml_set_start_comment(
        f"Created by `innobank import` from {source_name} on {today.isoformat()}.\n"
        f"`innobank import` তৈরি করেছে ({source_name}, {localise_digits(today.isoformat(), 'bn')})।\n"
        "Fields 1-7 are the Cabinet Division's form; importing the form again updates them.\n"
        "Every other field is explained in CONTRIBUTING.md (impact, awards, innovators, links …).")
    data.yaml_set_comment_before_after_key("title", before=_FORM_COMMENTS["name"])
    data.yaml_set_comment_before_after_key("summary", before=_FORM_COMMENTS["summary"])
    data.yaml_set_comment_before_after_key("service", before="3-7: the service (সেবা)")
    for column in form.COLUMNS[2:]:
        if column.path[-1] in data["service"]:
            data["service"].yaml_set_comment_before_after_key(column.path[-1], before=_FORM_COMMENTS[column.key],
                                                              indent=2)
    return frontmatter.Document(data, ""), refused  # the page shows the summary; the body is for more than that


def check_text(text: str, name: str, scratch: Path) -> list[Problem]:
    """The problems `innobank validate` would report for this file on its own (references to
    other files are checked by the full load after writing)."""
    path = scratch / name
    path.write_text(text, encoding="utf-8")
    return load_file(path, f"content/ideas/{name}", path.stem, Idea)[1]


def _problem_said(problem: Problem, header: Header | None = None) -> Said:
    """A problem of a file. Given the sheet's header, the file was never written, so its lines
    are nowhere to be seen: a field one of the sheet's columns fills is named by that column."""
    if header is not None:
        for c, key in header.columns.items():
            path = ".".join(form.BY_KEY[key].path) if key in form.BY_KEY else None
            if path and (problem.field == path or problem.field.startswith((path + ".", path + "["))):
                name = _column_name(header, c)
                return Said(f"column {name}: {problem.en}", f"কলাম {name}: {problem.bn}")
        return Said(f"{problem.field}: {problem.en}", f"{problem.field}: {problem.bn}") if problem.field else \
            Said(problem.en, problem.bn)
    where = f"{problem.field} " if problem.field else ""
    return Said(f"{where}(line {problem.line}): {problem.en}",
                f"{where}(লাইন {localise_digits(problem.line, 'bn')}): {problem.bn}")


# ---- the import -----------------------------------------------------------------------------

@dataclass
class Options:
    office: str
    team: str | None = None
    kind: str = "simplification"
    status: str = "implemented"
    implemented: dt.date | None = None  # None: the day of the import, with a reminder
    today: dt.date = field(default_factory=_today)  # Dhaka's, as the dates' rule reads it
    source_name: str = ""
    dry_run: bool = False


class _Import:
    """One run: the files it knows, the titles it has seen and the files it wrote."""

    def __init__(self, content: Path, bank: Bank, options: Options, result: Result, scratch: Path, progress):
        self.options, self.result, self.scratch, self.progress = options, result, scratch, progress
        self.ideas_dir = content / "ideas"
        self.existing, self.taken = _index(self.ideas_dir, bank)
        self.seen: dict[tuple[str, str], Outcome] = {}
        self.written: dict[Path, bytes | None] = {}  # path → its bytes before (None: a new file)
        self.by_path: dict[Path, Outcome] = {}

    def tell(self, item: Outcome | Said) -> None:
        (self.result.outcomes if isinstance(item, Outcome) else self.result.notes).append(item)
        if self.progress:
            self.progress(item)

    def sheet(self, sheet: Sheet, header: Header, label: str | None) -> None:
        for note in _header_notes(sheet, header, label):
            self.tell(note)
        link = next((c for c, k in header.columns.items() if k == "link"), None)
        rows: list[dict[str, str]] = []
        for index in range(header.index + 1, len(sheet.rows)):
            cells_row = sheet.rows[index]
            cells = {key: (cells_row[c] if c < len(cells_row) else "") for c, key in header.columns.items()}
            if link is not None and (index, link) in sheet.links and not cells["link"].lower().startswith("http"):
                cells["link"] = sheet.links[(index, link)]
            rows.append(cells)
        footer = _footer_start(rows)
        for position, cells in enumerate(rows):
            index = header.index + 1 + position
            cells_row = sheet.rows[index]
            outcome = Outcome(label, index + 1, "skipped")
            unread = [_column_name(header, c) for c, text in enumerate(cells_row) if text and c not in header.columns]
            blank = _blank_reason(cells, unread)
            if blank or position >= footer:
                outcome.blank = True
                outcome.reasons.append(blank or Said.of("import.footer"))
            else:
                formulas = [(c, sheet.formulas[(index, c)], (index, c) in sheet.unsaved)
                            for c, key in header.columns.items() if key != form.SERIAL and (index, c) in sheet.formulas]
                self.row(cells, header, outcome, formulas)
            self.tell(outcome)

    def row(self, cells: dict[str, str], header: Header, outcome: Outcome,
            formulas: list[tuple[int, str, bool]] = ()) -> None:
        """Decide what happens to one row that may hold an innovation; write its file unless this
        is a dry run. `formulas`: (column index, formula, whether its result was saved in the
        file) of the form's cells that hold one."""
        if formulas:
            outcome.reasons.extend(
                Said.of("import.formula_unsaved" if unsaved else "import.formula", column=_column_name(header, c),
                        formula=text) for c, text, unsaved in formulas)
            return
        row, errors = form.parse_row(cells)
        column_of = {k: c for c, k in header.columns.items()}

        def name(key: str) -> str:
            c = column_of.get(key)
            return _column_name(header, c) if c is not None else f'"{form.BY_KEY[key].header(header.lang)}"'
        if errors:
            for error in errors:
                outcome.reasons.append(Said.of(f"import.{error.code}", column=name(error.column), **error.values))
            return
        told = [Said.of("import.reason_moved" if m.source == "not_running_reason" else "import.text_moved",
                        source=name(m.source), target=name(m.target), text=m.text)
                for m in row.moved]  # told with the row's file, once it is written
        key = title_key(self.options.office, row.name)
        if key in self.seen:
            first = self.seen[key]
            outcome.reasons.append(Said(*(t("import.duplicate_row", lang, other=first.label(lang)) for lang in ("en", "bn"))))
            return
        self.seen[key] = outcome
        match = self.existing.get(key)
        try:
            path, before, text, refused = (self._update(match.path, row, header.lang) if match
                                           else self._create(row, header.lang))
        except frontmatter.Unreadable as error:
            outcome.reasons.append(Said.of("import.existing_unreadable", path=shown_path(match.path), reason=str(error)))
            return
        for message, bengali in (("import.not_english", False), ("import.not_english_bengali", True)):
            columns = [name(k) for k, b in refused.items() if b == bengali]
            if columns:
                told.append(Said.of(message, columns=", ".join(columns)))
        if text is None:
            outcome.action, outcome.path = "unchanged", shown_path(path)
            outcome.reasons.extend(told)
            return
        problems = check_text(text, path.name, self.scratch)
        if problems:
            outcome.reasons.extend(_problem_said(p, header) for p in problems)
            return
        outcome.reasons.extend(told)
        outcome.action, outcome.path = ("updated" if match else "created"), shown_path(path)
        if not match:
            self.existing[key] = _Existing(path, path.name[:-3])
            if self.options.status in IMPLEMENTED and self.options.implemented is None:
                self.result.dated.append(outcome.path)
        if not self.options.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.written.setdefault(path, before)
            path.write_text(text, encoding="utf-8")
            self.by_path[path] = outcome

    def _update(self, path: Path, row: form.FormRow, lang: str) -> tuple[Path, bytes, str | None, dict[str, bool]]:
        """The file with the form's fields set from the row (None as text when nothing changes),
        and the cells of an English sheet not taken as English (_apply_english)."""
        document = frontmatter.read(path)
        before = path.read_bytes()
        old = document.text()
        refused = _apply(document.data, row, lang)
        frontmatter.drop_empty(document.data, [c.path for c in form.COLUMNS])
        text = document.text()
        return path, before, (None if text == old else text), refused

    def _create(self, row: form.FormRow, lang: str) -> tuple[Path, None, str, dict[str, bool]]:
        o = self.options
        slug = new_slug(o.office, row.name, self.taken)
        self.taken.add(slug)
        document, refused = _new_document(row, lang, o.office, o.team, o.kind, o.status, o.implemented or o.today,
                                          o.implemented is None, o.source_name, o.today)
        return self.ideas_dir / f"{slug}.md", None, document.text(), refused


def run_import(root: Path, source: Path, office: str, team: str | None = None, *, dry_run: bool = False,
               kind: str = "simplification", status: str = "implemented", implemented: dt.date | None = None,
               today: dt.date | None = None, progress: Callable[[Outcome | Said], None] | None = None) -> Result:
    """Import the form in `source` for `office` into root/content/ideas/ (see the module docstring).
    `progress` is told each note and each row's outcome as it is decided."""
    content = Path(root) / "content"
    loaded = {}  # the validation after writing re-reads only the files the import wrote
    bank, _ = load(content, cache=loaded)
    if office not in bank.offices:
        raise ImportFailure("import.unknown_office", office=office, suggestion=suggest(office, list(bank.offices)))
    if team and team not in bank.teams:
        raise ImportFailure("import.unknown_team", team=team, suggestion=suggest(team, list(bank.teams)))
    sheets = read(Path(source))
    found = [(sheet, find_header(sheet)) for sheet in sheets]
    if not any(header for _, header in found):
        columns = ", ".join(f'"{h}"' for h in form.headers("bn")) + " / " + ", ".join(f'"{h}"' for h in form.headers("en"))
        raise ImportFailure("import.no_header", limit=HEADER_SEARCH, columns=columns)
    options = Options(office, team, kind, status, implemented, today or _today(), Path(source).name, dry_run)
    result = Result(dry_run=dry_run)
    with tempfile.TemporaryDirectory(prefix="innobank-import-") as scratch:
        run = _Import(content, bank, options, result, Path(scratch), progress)
        for sheet, header in found:
            if header is not None:
                run.sheet(sheet, header, sheet.name if len(sheets) > 1 else None)
            elif any(any(cells) for cells in sheet.rows):
                run.tell(Said.of("import.sheet_skipped", sheet=sheet.name))
    if run.written:
        _validate_written(content, loaded, run.written, run.by_path, result)
    return result


def _validate_written(content: Path, loaded: dict, written: dict[Path, bytes | None], by_path: dict[Path, Outcome],
                      result: Result) -> None:
    """Load the bank as `innobank validate` does; put back every written file that has problems."""
    _, problems = load(content, only=list(written), cache=loaded)
    bad: dict[str, list[Problem]] = {}
    for problem in problems:
        bad.setdefault(problem.file, []).append(problem)
    for path, before in written.items():
        shown = shown_path(path)
        if shown not in bad:
            continue
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)
        outcome = by_path[path]
        if outcome.path in result.dated:
            result.dated.remove(outcome.path)
        outcome.action, outcome.rolled_back = "skipped", True
        outcome.reasons = [Said.of("import.rolled_back", path=shown)] + [_problem_said(p) for p in bad[shown]]
