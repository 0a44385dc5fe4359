"""Reading a filled-in form as ministries send it: an Excel workbook (.xlsx) or a CSV file, into
plain rows of text. Merged cells take their top-left value in every cell they cover (a remark
merged over three rows belongs to all three); a cell whose text is "লিংক" but which links
somewhere keeps that address. Nothing is dropped here: finding the header and skipping rows is
the importer's job, and it reports each one.

Cells are read as text. A formula is never calculated: the cell shows what Excel last showed and
is listed in Sheet.formulas, and the importer refuses it. A CSV cell that the downloads wrote with
a quote in front, so that a spreadsheet would not run it (form.as_text), loses the quote again,
so a download imports back unchanged; an .xlsx text cell needs no quote and keeps what it says.

Whatever a file declares, reading it is bounded in time and memory by the limits below: the
file's size and its zip entries are checked before anything is unzipped, and a workbook is read
as a stream of XML events, never as a tree nor as a grid of the size it declares. A file past a
limit is refused with a sentence naming the sheet and the cell."""

from __future__ import annotations

import csv
import datetime as dt
import posixpath
import re
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from ..form import clean, from_text

# A mobile number in a cell that a spreadsheet keeps as a number: it shows 01711223344 as 1711223344.
_ZERO_DROPPED = re.compile(r"1[3-9][0-9]{8}")


def _zero_back(text: str) -> str:
    """A cell that is a mobile number without its leading 0 gets it back, so the check for personal
    numbers sees the number the officer typed (and refuses it) instead of a ten-digit count."""
    return "0" + text if _ZERO_DROPPED.fullmatch(text) else text

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")
WORD_SUFFIXES = (".docx", ".doc", ".docm", ".odt", ".rtf")  # the form typed as a table in a letter

# ---- limits ---------------------------------------------------------------------------------

MAX_FILE_BYTES = 10 * 2**20
"""The file as it is on disk. A ministry's form of a few thousand rows is under 2 MB as .xlsx and
under 5 MB as CSV. A CSV is read whole, and one row of nothing but commas is a list of as many
empty cells (80 MB for 10 MB of commas)."""

MAX_ROWS = 20_000
"""Rows of a sheet that may hold something. A ministry's form has at most a few thousand; Excel
allows 1,048,576, and every row is a line of the import's report."""

MAX_COLUMNS = 100
"""Columns of a sheet that may hold something (A to CV). The form has seven, plus a serial number
and the odd column of notes; Excel allows 16,384."""

MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit, so no spreadsheet program writes a longer one."""

MAX_CELLS = 250_000
"""Cells with something in them, all sheets together, merged cells counted in every cell they
cover (and as many different texts). A form of a few thousand rows and ten columns has a few
tens of thousands; each cell is a few microseconds to read."""

MAX_TEXT_CHARS = 10_000_000
"""Characters in those cells: what the importer goes through, row by row. A form of a few
thousand rows has one to three million."""

MAX_SHEETS = 100
"""Sheets in a workbook; a ministry sends one, or one per agency."""

MAX_ZIP_ENTRIES = 1_000
"""Parts of an .xlsx (a zip file). Excel writes a dozen, a few dozen with pictures and comments."""

MAX_UNZIPPED_BYTES = 32 * 2**20
"""The size of all the parts of an .xlsx unzipped, as the zip declares it and as it is read. A
form of a few thousand rows is under 10 MB of XML; 32 MB take two or three seconds to read."""

MAX_RATIO = 100
"""How many times smaller than its content a zip entry of over RATIO_FREE_BYTES may be packed.
Spreadsheet XML packs 5 to 20 times; a zip bomb, a thousand times (Apache POI stops at 100 too)."""

RATIO_FREE_BYTES = 2**20
"""Entries up to this size unzipped are not held to MAX_RATIO: small repetitive XML packs well."""

MAX_RANGES = 50_000
"""Merged ranges and links in a sheet, and relationships of a part (mostly links). A form has a
few hundred merged ranges and at most a link a row. Together they may cover at most MAX_CELLS
cells: ranges that do not overlap cannot cover more, and Excel never writes overlapping ones."""

_CHUNK = 2**16  # bytes unzipped and parsed at a time
_SNIFF_CHARS = 4096  # characters of a CSV its delimiter is guessed from (the sniffer takes their square)


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # row i is the spreadsheet's row i + 1
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) index → hyperlink
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) index → "=…"
    unsaved: set[tuple[int, int]] = field(default_factory=set)  # formulas whose result the file does not hold


class SheetError(Exception):
    """The file cannot be read as a form; `key` is an import.* catalogue key."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def read(path: Path) -> list[Sheet]:
    if not path.is_file():
        raise SheetError("import.not_found", path=str(path))
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        raise SheetError("import.format_word", suffix=suffix)
    if suffix not in SUFFIXES:
        raise SheetError("import.format", suffix=suffix or path.name)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError("import.too_large", path=str(path), size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES))
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    try:
        with zipfile.ZipFile(path) as archive:
            return _Workbook(path, archive).sheets()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        # not a zip, a damaged or encrypted one (RuntimeError), an unknown compression, or a part
        # whose size or checksum is not what the zip says (zipfile never unzips past the size)
        raise SheetError("import.unreadable", path=str(path), reason=str(error) or type(error).__name__) from None


def _megabytes(size: int) -> int:
    return -(-size // 2**20)


def _cell_name(row: int, column: int) -> str:
    """B12 for the 1-based (row, column); R12C20000 past the last column a letter can name."""
    return f"{get_column_letter(column)}{row}" if column <= 18_278 else f"R{row}C{column}"


def _beyond(sheet: str, row: int, column: int) -> SheetError:
    return SheetError("import.beyond", sheet=sheet, cell=_cell_name(row, column), rows=MAX_ROWS,
                      columns=MAX_COLUMNS, last=get_column_letter(MAX_COLUMNS))


# ---- CSV ------------------------------------------------------------------------------------

@contextmanager
def _field_limit(limit: int):
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


class _Lines:
    """A text's lines one at a time, as csv.reader takes them, knowing how far it has read (a
    StringIO would hold another copy of the text, at four bytes a character)."""

    def __init__(self, text: str):
        self.text, self.position = text, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        start = self.position
        if start >= len(self.text):
            raise StopIteration
        self.position = self.text.find("\n", start) + 1 or len(self.text)
        return self.text[start:self.position]


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    try:  # Excel's "Unicode Text" is UTF-16, its "CSV UTF-8" has a BOM
        text = raw.decode("utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError("import.encoding", path=str(path)) from None
    del raw
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as clean() would, and lines end alike
    try:
        delimiter = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows: list[list[str]] = []
    lines = _Lines(text)
    # Excel's quote mark, whatever the sniffer guesses from cells that start with ' (form.as_text)
    reader = csv.reader(lines, delimiter=delimiter)
    line = 1  # where the row being read starts
    try:
        with _field_limit(MAX_CELL_CHARS):
            for number, record in enumerate(reader, start=1):
                beyond = next((c for c in range(MAX_COLUMNS, len(record)) if record[c].strip()), None)
                if beyond is not None:
                    raise _beyond(path.name, number, beyond + 1)
                rows.append([_zero_back(clean(from_text(value))) for value in record[:MAX_COLUMNS]])
                if number == MAX_ROWS:
                    break
                line = reader.line_num + 1  # where the next row starts
    except csv.Error:  # in this reader (not strict, lines of text) only a field longer than the limit
        raise SheetError("import.csv_cell_too_long", path=str(path), line=line, limit=MAX_CELL_CHARS) from None
    rest = text[lines.position:]  # below the last row read: must be blank
    found = re.search(f'[^\\s"{re.escape(delimiter)}]', rest)
    if found:
        line_start = rest.rfind("\n", 0, found.start()) + 1
        raise _beyond(path.name, MAX_ROWS + 1 + rest.count("\n", 0, line_start),
                      rest.count(delimiter, line_start, found.start()) + 1)
    lost = _lost_cell(rows)
    if lost:
        raise SheetError("import.csv_ansi", path=str(path), cell=lost)
    return Sheet(path.stem, rows)


def _lost_cell(rows: list[list[str]]) -> str | None:
    """The first cell (B3) that is mostly question marks, or None. Excel's plain "CSV" saves in the
    computer's ANSI code page, which has no Bengali, so every Bengali letter becomes "?": the file
    is valid text, and only what it says shows that the Bengali is gone. A cell with a letter the
    code page has not (Bengali) was not saved that way, whatever question marks it holds."""
    for r, record in enumerate(rows):
        for c, text in enumerate(record):
            marks = text.count("?")
            if marks >= 3 and marks * 2 >= len(text.replace(" ", "")) and text.isascii():
                return _cell_name(r + 1, c + 1)
    return None


# ---- XLSX: the zip and its XML --------------------------------------------------------------

def _local(name: str) -> str:
    """An element's or attribute's name without its namespace prefix (x:row → row)."""
    return name[name.find(":") + 1:]


def _relation_id(attrs: dict) -> str:
    """r:id, whatever prefix the file gives the relationships namespace."""
    return next((value for key, value in attrs.items() if key.endswith(":id")), "")


def _ref(text: str) -> tuple[int, int]:
    """(row, column), 1-based, of a cell reference such as B12."""
    letters = text.rstrip("0123456789")
    digits = text[len(letters):]
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and 0 < len(digits) <= 7
            and digits.strip("0")):
        raise ValueError(f'"{text[:20]}" is not a cell reference')
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return int(digits), column


class _Workbook:
    """One .xlsx, checked as a zip, then read part by part as XML events within the limits."""

    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path, self.archive = path, archive
        self.parsed = 0  # bytes of XML read so far, all parts together
        self.cells = 0  # cells with something in them so far
        self.chars = 0  # characters in those cells so far
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise SheetError("import.zip_entries", path=str(path), count=len(entries), limit=MAX_ZIP_ENTRIES)
        for entry in entries:
            if entry.file_size > RATIO_FREE_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise SheetError("import.zip_ratio", path=str(path), part=entry.filename,
                                 ratio=entry.file_size // max(entry.compress_size, 1), limit=MAX_RATIO)
        total = sum(entry.file_size for entry in entries)
        if total > MAX_UNZIPPED_BYTES:
            largest = max(entries, key=lambda entry: entry.file_size)
            raise self._too_much(total, largest.filename)

    def _too_much(self, total: int, part: str) -> SheetError:
        return SheetError("import.zip_total", path=str(self.path), size=_megabytes(total), part=part,
                          part_size=_megabytes(self.archive.getinfo(part).file_size),
                          limit=_megabytes(MAX_UNZIPPED_BYTES))

    def count(self, characters: int) -> None:
        """One more cell with something in it, of so many characters, within the limits."""
        self.cells += 1
        self.chars += characters
        if self.cells > MAX_CELLS:
            raise SheetError("import.too_many_cells", path=str(self.path), limit=MAX_CELLS)
        if self.chars > MAX_TEXT_CHARS:
            raise SheetError("import.too_much_text", path=str(self.path), limit=MAX_TEXT_CHARS)

    def parse(self, part: str, start: Callable, end: Callable | None = None, text: Callable | None = None) -> None:
        """Feed one part to expat a chunk at a time, calling the handlers as it goes. A document
        type declaration, which Excel never writes and whose entities can expand a billion
        times, is refused."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = start
        if end:
            parser.EndElementHandler = end
        if text:
            parser.CharacterDataHandler = text

        def no_dtd(*_):
            raise SheetError("import.doctype", path=str(self.path), part=part)
        parser.StartDoctypeDeclHandler = no_dtd
        try:
            with self.archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    self.parsed += len(chunk)
                    if self.parsed > MAX_UNZIPPED_BYTES:  # a part read more than once
                        raise self._too_much(self.parsed, part)
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except KeyError:
            raise SheetError("import.unreadable", path=str(self.path), reason=f"{part} is missing") from None
        except (expat.ExpatError, ValueError) as error:
            raise SheetError("import.unreadable", path=str(self.path), reason=f"{part}: {error}") from None

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type, target), the target resolved to a zip entry name
        (or left as it is when it is outside the file, as a hyperlink's is)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if rels not in self.archive.NameToInfo:
            return found

        def start(name, attrs):
            if _local(name) == "Relationship":
                if len(found) == MAX_RANGES:
                    raise ValueError(f"more than {MAX_RANGES} relationships")
                target = attrs.get("Target", "")
                if attrs.get("TargetMode") != "External":
                    target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], target)
        self.parse(rels, start)
        return found

    def sheets(self) -> list[Sheet]:
        office = next((target for kind, target in self.relations("").values() if kind == "officeDocument"),
                      "xl/workbook.xml")
        names: list[tuple[str, str]] = []  # (sheet name, relationship id)
        epoch = [WINDOWS_EPOCH]

        def start(name, attrs):
            name = _local(name)
            if name == "sheet":
                if len(names) == MAX_SHEETS:
                    raise SheetError("import.too_many_sheets", path=str(self.path), limit=MAX_SHEETS)
                names.append((attrs.get("name", ""), _relation_id(attrs)))
            elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                epoch[0] = MAC_EPOCH
        self.parse(office, start)
        relations = self.relations(office)
        parts = {kind: target for kind, target in relations.values()}
        shared = self.shared_strings(parts["sharedStrings"]) if "sharedStrings" in parts else []
        dates = self.date_styles(parts["styles"]) if "styles" in parts else set()
        sheets = []
        for name, rid in names:
            kind, part = relations.get(rid, ("", ""))
            if kind == "worksheet":
                sheets.append(_SheetReader(self, name, shared, dates, epoch[0]).read(part))
        return sheets

    def shared_strings(self, part: str) -> list[str | None]:
        """The shared-strings table, cleaned; None stands for a text longer than a cell may be
        (refused when a cell uses it). Phonetic guides (rPh) are not part of the text."""
        strings: list[str | None] = []
        parts: list[str] = []
        state = {"in": False, "length": 0, "phonetic": False}

        def start(name, attrs):
            name = _local(name)
            if name == "si":
                if len(strings) == MAX_CELLS:
                    raise SheetError("import.too_many_cells", path=str(self.path), limit=MAX_CELLS)
                state.update({"in": True, "length": 0})
            elif name == "rPh":
                state["phonetic"] = True

        def end(name):
            name = _local(name)
            if name == "si":
                strings.append(None if state["length"] > MAX_CELL_CHARS else clean("".join(parts)))
                parts.clear()
                state["in"] = False
            elif name == "rPh":
                state["phonetic"] = False

        def text(data):
            if state["in"] and not state["phonetic"]:
                state["length"] += len(data)
                if state["length"] <= MAX_CELL_CHARS:
                    parts.append(data)
        self.parse(part, start, end, text)
        return strings

    def date_styles(self, part: str) -> set[int]:
        """The cell styles (their index) whose number format shows a date."""
        custom: dict[int, str] = {}
        dates: set[int] = set()
        state = {"xfs": False, "index": 0}

        def start(name, attrs):
            name = _local(name)
            if name == "numFmt":
                custom[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                state["xfs"] = True
            elif name == "xf" and state["xfs"]:
                number = int(attrs.get("numFmtId", 0))
                if is_date_format(custom.get(number) or BUILTIN_FORMATS.get(number, "")):
                    dates.add(state["index"])
                state["index"] += 1

        def end(name):
            if _local(name) == "cellXfs":
                state["xfs"] = False
        self.parse(part, start, end)
        return dates


class _SheetReader:
    """One worksheet's XML events into a Sheet, refusing what lies past the limits. Each cell's
    position is worked out only when it holds something: most cells Excel writes are empty."""

    def __init__(self, book: _Workbook, name: str, shared: list[str | None], dates: set[int], epoch: dt.datetime):
        self.book, self.name, self.shared, self.dates, self.epoch = book, name, shared, dates, epoch
        self.sheet = Sheet(name, [])
        self.merges: list[tuple[int, int, int, int]] = []
        self.links: list[tuple[tuple[int, int, int, int], str]] = []
        self.covered = 0  # cells covered by merged ranges and by links
        self.row = self.column = 0
        self.ref: str | None = None  # the reference of the cell being read, not yet worked out
        self.attrs: dict = {}  # the cell's attributes (its type t and style s)
        self.value: list[str] = []  # its <v>, <is> text and <f> as they come
        self.inline: list[str] = []
        self.formula: list[str] | None = None
        self.cached = False  # whether it has a <v>: for a formula, what Excel showed when it was saved
        self.length = 0  # characters of all three
        self.into: list[str] | None = None  # where character data goes now
        self.in_cell = self.in_inline = self.phonetic = False

    def read(self, part: str) -> Sheet:
        self.targets = {rid: target for rid, (kind, target) in self.book.relations(part).items() if kind == "hyperlink"}
        self.book.parse(part, self.start, self.end, self.text)
        self._spread()
        return self.sheet

    def _where(self) -> None:
        """Work out the position of the cell being read (or of the one before a cell without r)."""
        if self.ref is not None:
            self.row, self.column = _ref(self.ref)
            self.ref = None

    def start(self, name: str, attrs: dict) -> None:
        if ":" in name:
            name = _local(name)
        if name == "c":  # called for every cell, so it does as little as it can
            if "r" in attrs:
                self.ref = attrs["r"]
            else:
                self._where()
                self.column += 1
            self.attrs, self.formula, self.cached, self.in_cell = attrs, None, False, True
        elif self.in_cell:
            if name == "v":
                self.into, self.cached = self.value, True
            elif name == "t":
                if self.in_inline and not self.phonetic:
                    self.into = self.inline
            elif name == "f":
                self.into = self.formula = []
            elif name == "is":
                self.in_inline = True
            elif name == "rPh":
                self.phonetic = True
        elif name == "row":
            self._where()
            self.row = int(attrs["r"]) if "r" in attrs else self.row + 1
            self.column = 0
        elif name == "mergeCell":
            self.merges.append(self._range(attrs.get("ref", "")))
        elif name == "hyperlink":
            target = self.targets.get(_relation_id(attrs))
            if target:
                self.links.append((self._range(attrs.get("ref", "")), clean(target)))

    def text(self, data: str) -> None:
        if self.into is not None:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                self._where()
                raise self._too_long()
            self.into.append(data)

    def end(self, name: str) -> None:
        if ":" in name:
            name = _local(name)
        if name == "c":
            self.in_cell = False
            if self.length:
                self._store()
                self.value.clear()
                self.inline.clear()
                self.length = 0
        elif name in ("v", "t", "f"):
            self.into = None
        elif name == "is":
            self.in_inline = False
        elif name == "rPh":
            self.phonetic = False

    def _too_long(self) -> SheetError:
        return SheetError("import.cell_too_long", sheet=self.name, cell=_cell_name(self.row, self.column),
                          limit=MAX_CELL_CHARS)

    def _store(self) -> None:
        self._where()
        text = self._text()
        # A formula with no result, or an empty one that is not text (<v/>): the program that wrote
        # the file did not calculate it, so the file does not hold what Excel would show.
        unsaved = self.formula is not None and not text and (not self.cached or self.attrs.get("t") != "str")
        if not text and not unsaved:  # shows nothing, and is as good as empty
            return
        if self.row > MAX_ROWS or self.column > MAX_COLUMNS:
            raise _beyond(self.name, self.row, self.column)
        rows = self.sheet.rows
        while len(rows) < self.row:
            rows.append([])
        line = rows[self.row - 1]
        if len(line) < self.column:
            line.extend([""] * (self.column - len(line)))
        line[self.column - 1] = text
        if self.formula is not None:
            shown = "".join(self.formula)
            self.sheet.formulas[(self.row - 1, self.column - 1)] = "=" + (shown if len(shown) <= 80 else shown[:80] + "…")
            if unsaved:
                self.sheet.unsaved.add((self.row - 1, self.column - 1))

    def _text(self) -> str:
        """The cell's text as Excel last showed it (a formula's last result, never calculated here)."""
        value = "".join(self.value)
        kind = self.attrs.get("t", "n")
        if kind == "s":
            index = int(value)
            if not 0 <= index < len(self.shared):
                raise ValueError(f"cell {_cell_name(self.row, self.column)} uses text {index} of a shorter table")
            text = self.shared[index]
            if text is None:
                raise self._too_long()
        elif kind == "inlineStr":
            text = clean("".join(self.inline))
        elif kind == "b":
            text = clean(value.strip() in ("1", "true"))
        elif kind == "n" and value.strip():
            text = self._number(value)
        else:  # str (a formula's text), e (an error such as #N/A), d (an ISO date)
            text = clean(value)
        self.book.count(len(text))
        return text

    def _number(self, value: str) -> str:
        """A number as Excel shows it: 12 rather than 12.0, and a date as a date."""
        try:
            number = float(value)
            if self.dates and int(self.attrs.get("s", 0)) in self.dates:
                day = from_excel(number, self.epoch)
                return day.date().isoformat() if isinstance(day, dt.datetime) and day.time() == dt.time() else str(day)
            return _zero_back(str(int(number))) if number.is_integer() else str(number)
        except (ValueError, OverflowError):
            return clean(value)

    def _range(self, ref: str) -> tuple[int, int, int, int]:
        """(first row, first column, last row, last column) of A1:B2, 1-based, within the limits."""
        if len(self.merges) + len(self.links) == MAX_RANGES:
            raise SheetError("import.too_many_ranges", sheet=self.name, limit=MAX_RANGES)
        first, _, last = ref.partition(":")
        top, left = _ref(first)
        bottom, right = _ref(last) if last else (top, left)
        top, bottom = sorted((top, bottom))
        left, right = sorted((left, right))
        if bottom > MAX_ROWS or right > MAX_COLUMNS:
            raise SheetError("import.range_beyond", sheet=self.name, range=ref, rows=MAX_ROWS, columns=MAX_COLUMNS,
                             last=get_column_letter(MAX_COLUMNS))
        self.covered += (bottom - top + 1) * (right - left + 1)
        if self.covered > MAX_CELLS:
            raise SheetError("import.ranges_overlap", sheet=self.name, limit=MAX_CELLS)
        return top, left, bottom, right

    def _spread(self) -> None:
        """A merged range's top-left text (and formula) into every cell it covers, within the
        rows read; a link's address to every cell of its range."""
        rows, formulas = self.sheet.rows, self.sheet.formulas
        for top, left, bottom, right in self.merges:
            text = rows[top - 1][left - 1] if top <= len(rows) and left <= len(rows[top - 1]) else ""
            formula = formulas.get((top - 1, left - 1))
            if not text and not formula:
                continue
            for r in range(top - 1, min(bottom, len(rows))):
                line = rows[r]
                if len(line) < right:
                    line.extend([""] * (right - len(line)))
                for c in range(left - 1, right):
                    if line[c] is not text:
                        self.book.count(len(text))
                        line[c] = text
                    if formula:
                        formulas[(r, c)] = formula
                        if (top - 1, left - 1) in self.sheet.unsaved:
                            self.sheet.unsaved.add((r, c))
        for (top, left, bottom, right), target in self.links:
            for r in range(top - 1, min(bottom, len(rows))):
                for c in range(left - 1, right):
                    self.sheet.links[(r, c)] = target
