"""Hostile forms for `innobank import`, built by hand so that they declare what a real spreadsheet
program would never write: a cell at XFD1048576, a merged range over the whole sheet, 200 MB of
shared strings in a 940 KB zip, a part that unzips a thousand times larger, a size the zip lies
about. Each is a few kilobytes (the two big ones under a megabyte) and quick to make: a repeated
chunk is compressed once. `FORMS` names each one with the words the importer's refusal must say
(tests/test_import_bounds.py); the builders also make the workbooks of tests/test_formulas.py."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADERS = ["বাস্তবায়িত ধারণার নাম", "সংক্ষিপ্ত বিবরণ", "সেবাটি কার্যকর আছে কিনা", "না থাকলে তার কারণ",
           "সেবা গ্রহীতাগণ প্রত্যাশিত ফলাফল পাচ্ছে কিনা", "সেবার লিংক", "মন্তব্য"]
GOOD_ROW = ["অনলাইনে ছুটি অনুমোদন", "ছুটি অনলাইনে অনুমোদন করা হয়।", "হ্যাঁ", "", "হ্যাঁ", "", ""]


@dataclass
class Deflated:
    """A zip entry's data, already compressed (raw deflate), with its CRC and unzipped size."""

    stream: bytes
    crc: int
    size: int

    @classmethod
    def of(cls, data: bytes) -> "Deflated":
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))

    @classmethod
    def repeated(cls, head: bytes, chunk: bytes, times: int, tail: bytes) -> "Deflated":
        """head + chunk × times + tail without compressing it all: the chunk is compressed once
        after a full flush (which resets the window), so its compressed bytes repeat too."""
        def block(data: bytes) -> bytes:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)
        crc = zlib.crc32(head)
        for _ in range(times):
            crc = zlib.crc32(chunk, crc)
        crc = zlib.crc32(tail, crc)
        last = zlib.compressobj(9, zlib.DEFLATED, -15)
        stream = block(head) + block(chunk) * times + last.compress(tail) + last.flush()
        return cls(stream, crc, len(head) + len(chunk) * times + len(tail))


def zip_bytes(entries: dict[str, bytes | Deflated], declared: dict[str, int] | None = None) -> bytes:
    """A zip file written by hand, so an entry can declare a size that is not its real one."""
    out, central = bytearray(), bytearray()
    for name, data in entries.items():
        data = data if isinstance(data, Deflated) else Deflated.of(data)
        size = (declared or {}).get(name, data.size)
        encoded = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, data.crc, len(data.stream),
                               size, len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, data.crc, len(data.stream), size,
                           len(encoded), 0) + encoded + data.stream
    count = len(entries)
    return bytes(out + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{_escape(text)}</t></is></c>'


def form_rows(first: int = 1) -> str:
    """The form's header and one innovation, on rows `first` and `first + 1`."""
    rows = []
    for r, values in ((first, HEADERS), (first + 1, GOOD_ROW)):
        rows.append(f'<row r="{r}">' + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values) if v)
                    + "</row>")
    return "".join(rows)


def worksheet(rows: str = "", after: str = "", dimension: str = "A1:G2") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<dimension ref="{dimension}"/><sheetData>{form_rows()}{rows}</sheetData>{after}</worksheet>').encode()


def xlsx(sheet: bytes | Deflated, *, shared: bytes | Deflated | None = None, sheets: int = 1,
         extra: dict[str, bytes | Deflated] | None = None, declared: dict[str, int] | None = None) -> bytes:
    """A workbook whose every sheet is `sheet` (one part, named `sheets` times by the workbook)."""
    types = (f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None else "") + "</Types>")
    names = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>' for n in range(1, sheets + 1))
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared is not None:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    entries: dict[str, bytes | Deflated] = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                        'Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{names}</sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>'.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        entries["xl/sharedStrings.xml"] = shared
    entries.update(extra or {})
    return zip_bytes(entries, declared)


def _shared_strings(megabytes: int) -> Deflated:
    chunk = f"<si><t>{'উদ্ভাবন ' * 12}</t></si>".encode() * 1000
    times = megabytes * 2**20 // len(chunk)
    return Deflated.repeated(f'<sst xmlns="{MAIN}">'.encode(), chunk, times, b"</sst>")


def _padded_sheet(megabytes: int) -> Deflated:
    """The form, then `megabytes` of spaces inside sheetData (which XML allows)."""
    whole = worksheet().decode()
    head, tail = whole.split("</sheetData>")
    return Deflated.repeated(head.encode(), b" " * 2**20, megabytes, ("</sheetData>" + tail).encode())




_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
           + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";" if n > 1 else "&lol;") * 10}">' for n in range(1, 10))
           + f']><sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>')

# name → (the file's bytes, made on demand; words the refusal must contain)
FORMS = {
    "a cell at XFD1048576": (lambda: xlsx(worksheet(f'<row r="1048576">{cell("XFD1048576", "x")}</row>',
                                                    dimension="A1:XFD1048576")), "XFD1048576"),
    "a value on row 1048576": (lambda: xlsx(worksheet(f'<row r="1048576">{cell("A1048576", "x")}</row>')),
                               "A1048576"),
    "a value in column XFD": (lambda: xlsx(worksheet(f'<row r="3">{cell("XFD3", "x")}</row>')), "XFD3"),
    "a merged range over the whole sheet": (
        lambda: xlsx(worksheet(after='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')),
        "A1:XFD1048576"),
    "10 000 merged ranges over one another": (
        lambda: xlsx(worksheet(after='<mergeCells>' + '<mergeCell ref="A3:CV9000"/>' * 10_000 + "</mergeCells>")),
        "merged"),
    "200 MB of shared strings": (lambda: xlsx(worksheet(), shared=_shared_strings(200)), "xl/sharedStrings.xml"),
    "a part a thousand times smaller zipped": (lambda: xlsx(_padded_sheet(400)), "xl/worksheets/sheet1.xml"),
    "a size the zip lies about": (
        lambda: xlsx(worksheet(), shared=_shared_strings(200), declared={"xl/sharedStrings.xml": 2000}),
        "cannot be read"),
    "a cell longer than Excel's 32 767 characters": (
        lambda: xlsx(worksheet(f'<row r="3">{cell("B3", "ক" * 40_000)}</row>')), "B3"),
    "5000 sheets": (lambda: xlsx(worksheet(), sheets=5000), "more than 100 sheets"),
    "entities that expand a billion times": (lambda: xlsx(worksheet(), shared=_LAUGHS.encode()), "xl/sharedStrings.xml"),
}


def write(directory: Path, name: str) -> Path:
    path = directory / (name.replace(" ", "-").replace("'", "") + ".xlsx")
    path.write_bytes(FORMS[name][0]())
    return path
