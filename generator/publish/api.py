"""The JSON API, version 1, at the addresses pages/api.py names (and documents). Field
names are the content files' own (stable), every text carries both languages, and every record
links to its pages by absolute URL. <kind> is ideas, teams or offices; <one> is idea, team or office.

    api/v1/index.json               what is here: counts, every address, the bulk download's parts
    api/v1/<kind>.json              a kind's list: the address of each of its pages, of one record
                                    and of the bulk parts (ideas.json held every innovation until
                                    the bank grew past what one file should hold: ~80 MB at 10,000)
    api/v1/<kind>/page/<n>.json     PAGE_SIZE summaries a page, in the order of the file names, with
                                    the total, the number of pages and first/prev/next/last links
    api/v1/<kind>/<id>.json         one record with everything; a team's with references to its
                                    innovations, an office's to its innovations and teams (id,
                                    address, pages and title or name: the rest of a summary is on
                                    the list pages; the innovations newest first, as their pages
                                    list them)
    api/v1/bulk/<n>.ndjson.gz       everything, gzipped: one line per document of the kind above
                                    (offices, teams, then innovations), BULK_LINES lines a part
    api/v1/schema/<one>.schema.json         JSON Schema of content/<kind> files
    api/v1/schema/<doc>.response.schema.json  JSON Schema of each kind of document above: index,
                                    <kind> (the list), <kind>.page and <one>

Every document names its schema in "$schema", by its URL on the site. Records are held only by a
list page (a fixed number), a bulk part (a fixed number of lines) and a record's own document (an
office's or a team's grows with its own innovations only), so no file grows with the bank. The
same bank gives the same bytes (the gzip header carries no time)."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import zlib
from functools import cache
from pathlib import Path

from ..model import KINDS
from ..model.common import SLUG
from ..model.schema import DIALECT, content_schemas, record_schemas
from ..i18n import LANGUAGES
from ..pages import url_of
from ..pages.api import (BASE, BULK_LINES, INDEX, ONE, PAGE_SIZE, VERSION, bulk_count, bulk_path, item_path,
                         listing_path, page_count, page_path, response_names, schema_path)
from ..json_text import dumps
from .output import Output

# What a list page shows of each record: enough to choose and to show a card; the rest is one
# request away at "api".
SUMMARY = {
    "ideas": ("title", "summary", "kind", "status", "office", "team", "place", "sectors", "dates"),
    "teams": ("name", "level", "office", "parent"),
    "offices": ("name", "kind", "parent", "place"),
}
# What a team's or an office's document gives of each of its innovations and teams: enough to
# name and link to it. A whole summary in both (each innovation's 0.9 KB, twice) repeated the list
# pages: 12 MB at 10,000 innovations, and 1.4 MB of the gzipped bulk download.
REFERENCE = {"ideas": ("title",), "teams": ("name",)}
# What the schema says of a record's body, which the API gives as written (its HTML besides would
# make every document and the bulk download larger); the API page says it too (api.body_text).
BODY = ("The description as its contributor wrote it: Markdown, bn and en. Untrusted: it may hold raw HTML,"
        " <script> included, which the site's pages remove. Render it only through an HTML sanitiser; the"
        " site's own sanitised rendering of it is the page at `url`.")
BULK_ORDER = ("offices", "teams", "ideas")  # a line names only offices and teams given before it
_URI = {"type": "string", "format": "uri"}


def _pages(site_url: str, key: str) -> dict[str, str]:
    return {lang: site_url + url_of(key, lang) for lang in LANGUAGES}


def record(rec, kind: str, site_url: str) -> dict:
    """One content record as the API shows it: id, page URLs, then the file's own fields."""
    data = rec.item.model_dump(mode="json", exclude_none=True)
    out = {"id": rec.slug, "url": _pages(site_url, f"{kind}/{rec.slug}")}
    if rec.body.get("bn") or rec.body.get("en"):
        out["body"] = {lang: text for lang, text in rec.body.items() if text}
    return {**out, **data}


def summary(rec, kind: str, site_url: str, fields: dict[str, tuple[str, ...]] = SUMMARY) -> dict:
    """A record as a list shows it: id, the record's own address in the API, its pages, a few
    fields (those of record(), dumped alone): a list page's SUMMARY, a team's or office's REFERENCE."""
    data = rec.item.model_dump(mode="json", include=set(fields[kind]), exclude_none=True)
    return {"id": rec.slug, "api": site_url + item_path(kind, rec.slug), "url": _pages(site_url, f"{kind}/{rec.slug}"),
            **{name: data[name] for name in fields[kind] if name in data}}


def schema_url(site_url: str, name: str) -> str:
    return site_url + schema_path(name)


def _record_schema(record: dict) -> dict:
    """A record as record() shows it: the normalised content fields plus id, url and body."""
    return {**record, "required": sorted(set(record.get("required", [])) | {"id", "url"}),
            "properties": {**record["properties"],
                           "id": {"type": "string", "pattern": SLUG},
                           "url": {"type": "object", "required": ["bn", "en"], "additionalProperties": False,
                                   "properties": {"bn": _URI, "en": _URI}},
                           "body": {"type": "object", "additionalProperties": False, "description": BODY,
                                    "properties": {"bn": {"type": "string"}, "en": {"type": "string"}}}}}


def _summary_schema(record: dict, kind: str, fields: dict[str, tuple[str, ...]] = SUMMARY) -> dict:
    """A summary as summary() shows it, given the same fields: the record's schema cut to them, plus api."""
    shown = ("id", "url", *fields[kind])
    return {"type": "object", "additionalProperties": False,
            "required": ["api", *(name for name in record["required"] if name in shown)],
            "properties": {"api": _URI, **{name: record["properties"][name] for name in shown}}}


def response_schemas(site_url: str) -> dict[str, dict]:
    """name → JSON Schema of each kind of document: index; for each kind its list (ideas), a page
    of it (ideas.page) and one record's document (idea)."""
    records, defs = record_schemas()
    names = {kind: f"{model.__name__}Record" for kind, model in KINDS.items()}
    summaries = {kind: f"{model.__name__}Summary" for kind, model in KINDS.items()}
    references = {kind: f"{KINDS[kind].__name__}Reference" for kind in REFERENCE}
    for kind, schema in records.items():
        defs[names[kind]] = full = _record_schema(schema)
        defs[summaries[kind]] = _summary_schema(full, kind)
        if kind in REFERENCE:
            defs[references[kind]] = _summary_schema(full, kind, REFERENCE)

    def document(name: str, title: str, fields: dict, uses_records: bool = True) -> dict:
        url = schema_url(site_url, name)
        return {"$schema": DIALECT, "$id": url, "title": f"Innovation Bank API {VERSION}: {title}",
                "type": "object", "required": ["$schema", "version", *fields], "additionalProperties": False,
                "properties": {"$schema": {"const": url}, "version": {"const": VERSION}, **fields},
                **({"$defs": defs} if uses_records else {})}

    def listed(kind: str, of: dict[str, str] = summaries) -> dict:
        return {"type": "array", "items": {"$ref": f"#/$defs/{of[kind]}"}}

    count = {"type": "integer", "minimum": 0}
    number = {"type": "integer", "minimum": 1}
    uris = {"type": "array", "items": _URI}
    out = {}
    for kind in KINDS:
        one = ONE[kind]
        listing, page, item = response_names(kind)
        out[listing] = document(listing, f"{kind}.json", {
            "total": count, "page_size": number, "pages": {**uris, "minItems": 1},
            "item": {"type": "string", "description": "the address of one record: replace {id}"},
            "bulk": uris}, uses_records=False)
        out[page] = document(page, f"{kind}/page/{{n}}.json", {
            "total": count, "page_size": number, "page": number, "pages": number,
            "first": _URI, "last": _URI, "prev": {"type": ["string", "null"], "format": "uri"},
            "next": {"type": ["string", "null"], "format": "uri"}, kind: listed(kind)})
        related = {"teams": {"ideas": listed("ideas", references)},
                   "offices": {"ideas": listed("ideas", references), "teams": listed("teams", references)}}.get(kind, {})
        out[item] = document(item, f"{kind}/{{id}}.json", {
            one: {"$ref": f"#/$defs/{names[kind]}"}, **related})
    out["index.response"] = document("index.response", "index.json", {
        "counts": {"type": "object", "required": list(KINDS), "additionalProperties": False,
                   "properties": {kind: count for kind in KINDS}},
        "endpoints": {"type": "object", "additionalProperties": {"type": "string"}},
        "bulk": uris,
    }, uses_records=False)
    return out


def schema_names() -> list[str]:
    """The schemas' names, in the order index.json lists them (without making them): each kind's
    content files', then response_schemas()'."""
    return [*(ONE[kind] for kind in KINDS), *(name for kind in KINDS for name in response_names(kind)),
            "index.response"]


@cache
def _schemas(site_url: str) -> dict[str, str]:
    schemas = {ONE[kind]: {"$id": schema_url(site_url, ONE[kind]), **of} for kind, of in content_schemas().items()}
    schemas.update(response_schemas(site_url))
    return {name: dumps(of) for name, of in schemas.items()}


def schema(site_url: str, name: str) -> str:
    """One schema's file. Made from the code and site_url alone (what the build state's version
    covers): an Output of these two, which a deploy keeps without making any schema (pydantic's
    are a second of CPU)."""
    return _schemas(site_url)[name]


class _Documents:
    """What the API's files are made from, each made once in the process that makes them: a
    record's reference is in its office's and its team's documents."""

    def __init__(self, site_url: str):
        self.site_url = site_url
        self.references: dict[int, tuple] = {}  # id(record) → (record, its reference)

    def declared(self, name: str, document: dict) -> str:
        return dumps({"$schema": schema_url(self.site_url, name), "version": VERSION, **document})

    def referred(self, kind: str, records) -> list[dict]:
        out = []
        for rec in records:
            known = self.references.get(id(rec))
            if known is None:
                known = self.references[id(rec)] = (rec, summary(rec, kind, self.site_url, REFERENCE))
            out.append(known[1])
        return out

    def document(self, kind: str, rec, related: tuple = ()) -> str:
        """One record's document; a team's and an office's with references to what is theirs
        (related: (kind, records) pairs)."""
        return self.declared(response_names(kind).item, {ONE[kind]: record(rec, kind, self.site_url),
                                                       **{name: self.referred(name, records) for name, records in related}})

    def list_page(self, kind: str, records: list, number: int, pages: int, total: int, page_size: int) -> str:
        urls = [self.site_url + page_path(kind, n) for n in range(1, pages + 1)]
        return self.declared(response_names(kind).page, {
            "total": total, "page_size": page_size, "page": number, "pages": pages,
            "first": urls[0], "last": urls[-1], "prev": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < pages else None, kind: [summary(rec, kind, self.site_url) for rec in records]})


# Documents compressed together: about 2 MB at 10,000 innovations. Each segment's compressor starts
# anew, which costs the part 1.5% of its size (100: 3.9%, 500: 0.7%), and one changed costs 0.05 s of
# CPU to compress again (100: 0.02 s, 500: 0.09 s).
SEGMENT_LINES = 250


class BulkParts:
    """The bulk download's parts, each one gzip member whose deflate stream is made of segments of
    `segment_lines` documents, each compressed alone (a fresh compressor, ended by a sync flush: no
    segment refers back into another), so a segment's bytes follow from its documents alone. A
    build keeps each part's segments in `cache` (in the build's state folder) and compresses again
    only those whose documents changed: a deploy after one edit compressed two or three 42 MB
    parts whole at 10,000 innovations (0.9 s of CPU each). A cached segment begins with a digest of
    how it was compressed (zlib, level, segment size), of the documents it was made from and of its
    bytes, and is used only when all are this segment's (half the CPU of inflating it to compare),
    so a segment changed, damaged, cut short or compressed otherwise is compressed again."""

    HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"  # gzip, no name, no time (the same bytes every build)
    LEVEL = 6

    def __init__(self, cache: Path | None = None, segment_lines: int = SEGMENT_LINES):
        self.cache, self.lines = cache, segment_lines
        self.how = f"zlib {zlib.ZLIB_RUNTIME_VERSION}, level {self.LEVEL}, {segment_lines} lines\0".encode()

    def keep(self, parts: int) -> None:
        """Remove the cached segments of the parts past the first `parts` (the bank shrank)."""
        if self.cache is not None and self.cache.is_dir():
            for folder in self.cache.iterdir():
                if not folder.name.isdigit() or int(folder.name) > parts:
                    shutil.rmtree(folder, ignore_errors=True)

    def part(self, number: int, *documents: bytes) -> bytes:
        """The part's gzip file; `number` names its segments in the cache."""
        folder = self.cache and self.cache / str(number)
        crc, size, deflated = 0, 0, [self.HEADER]
        for index in range(0, len(documents), self.lines):
            raw = b"".join(d + b"\n" for d in documents[index:index + self.lines])
            crc, size = zlib.crc32(raw, crc), size + len(raw)
            deflated.append(self._segment(raw, folder and folder / f"{index // self.lines}.deflate"))
        if folder is not None:  # the segments of a part that had more
            for stale in folder.glob("*.deflate"):
                if not stale.stem.isdigit() or int(stale.stem) * self.lines >= len(documents):
                    stale.unlink(missing_ok=True)
        deflated.append(zlib.compressobj(self.LEVEL, zlib.DEFLATED, -15).flush())  # the last, empty block
        return b"".join(deflated) + struct.pack("<II", crc, size & 0xFFFFFFFF)

    def _segment(self, raw: bytes, cached: Path | None) -> bytes:
        if cached is not None:
            try:
                kept = cached.read_bytes()
            except OSError:
                kept = b""
            if kept[:32] == self._digest(raw, kept[32:]):
                return kept[32:]
        compress = zlib.compressobj(self.LEVEL, zlib.DEFLATED, -15)
        made = compress.compress(raw) + compress.flush(zlib.Z_SYNC_FLUSH)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            written = cached.with_name(f".{cached.name}.{os.getpid()}")
            written.write_bytes(self._digest(raw, made) + made)
            os.replace(written, cached)
        return made

    def _digest(self, raw: bytes, deflated: bytes) -> bytes:
        digest = hashlib.sha256(self.how)
        digest.update(raw)
        digest.update(deflated)
        return digest.digest()


def publish(rel, site_url: str, page_size: int = PAGE_SIZE, bulk_lines: int = BULK_LINES, bulk_cache: Path | None = None,
            **_) -> dict[str, str | Output]:
    """page_size and bulk_lines are the API's own (pages/api.py); smaller ones exercise the splits.
    A record's document and a list page are Outputs made from their records (site_url, like the
    code, is the build state's version: generator/incremental.py); a bulk part from its records'
    documents, with its segments kept under `bulk_cache` (BulkParts)."""
    bank = rel.bank
    made = _Documents(site_url)
    tables = {kind: getattr(bank, kind) for kind in KINDS}
    lines = sum(len(table) for table in tables.values())
    bulk = [site_url + bulk_path(n) for n in range(1, bulk_count(lines, bulk_lines) + 1)]
    out: dict[str, str | Output] = {}
    parts = BulkParts(bulk_cache)
    parts.keep(len(bulk))

    def related(kind: str, slug: str) -> tuple:
        """What a team's or an office's document lists besides the record itself."""
        if kind == "teams":
            return (("ideas", rel.ideas_by_team.get(slug, [])),)
        if kind == "offices":
            return ("ideas", rel.ideas_by_office.get(slug, [])), ("teams", rel.teams_by_office.get(slug, []))
        return ()

    documents = []  # every record's document, in the bulk download's order
    for kind in BULK_ORDER:
        for slug, rec in tables[kind].items():
            out[item_path(kind, slug)] = document = Output(made.document, kind, rec, related(kind, slug))
            documents.append(document)
    for number in range(1, len(bulk) + 1):
        out[bulk_path(number)] = Output(parts.part, number, *documents[(number - 1) * bulk_lines:number * bulk_lines])

    for kind, table in tables.items():
        records = list(table.values())
        pages = page_count(len(records), page_size)
        for number in range(1, pages + 1):
            out[page_path(kind, number)] = Output(made.list_page, kind, records[(number - 1) * page_size:number * page_size],
                                                  number, pages, len(records), page_size)
        out[listing_path(kind)] = made.declared(response_names(kind).listing, {
            "total": len(records), "page_size": page_size,
            "pages": [site_url + page_path(kind, n) for n in range(1, pages + 1)],
            "item": site_url + item_path(kind, "{id}"), "bulk": bulk})

    for name in schema_names():
        out[schema_path(name)] = Output(schema, site_url, name)
    addresses = [*(path for kind in KINDS for path in (listing_path(kind), page_path(kind, "{n}"), item_path(kind, "{id}"))),
                 bulk_path("{n}"), *(schema_path(name) for name in schema_names())]
    out[INDEX] = made.declared("index.response", {
        "counts": {kind: len(table) for kind, table in tables.items()},
        "endpoints": {path.removeprefix(BASE + "/"): site_url + path for path in addresses},
        "bulk": bulk})
    return out
