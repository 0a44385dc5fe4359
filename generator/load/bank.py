"""Loading the whole bank: read every content file, validate it against its model and check it for
personal data, then check what no single file can (references, parent loops, pictures, links in
bodies). Which files content/ may hold, and their names, is load.tree's; which content files it
holds, load.listing's. All problems are collected."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Generic, Iterable, Iterator, Mapping, TypeVar

from pydantic import BaseModel, ValidationError

from ..model import KINDS, Idea, Office, Team, share_fields_sets
from . import body_bounds, images, workers
from .body_links import link_problems
from .checks import check_bank, personal_problems
from .duplicates import SimilarTitles
from .facts import Facts, facts_of
from .listing import Watched, list_content
from .problems import ContentError, Problem
from .source import (MAX_BYTES, Bounded, Reread, Source, open_regular, read_bounded, read_source, read_text,
                     split_front_matter)
from .translate import problems_from
from .tree import english_of, shown_path

M = TypeVar("M", bound=BaseModel)


@dataclass
class Record(Generic[M]):
    """One content file after validation: its slug, model, Markdown bodies and source."""

    slug: str
    item: M
    source: Source
    body: dict[str, str] = field(default_factory=dict)  # lang → Markdown
    body_line: dict[str, int] = field(default_factory=dict)  # lang → file line of the body's first line

    @cached_property
    def facts(self) -> Facts:
        """What the checks across files read of it (kept in the cache: see load.facts)."""
        return facts_of(self.item, self.body)

    @classmethod
    def packed(cls, pickled: bytes | tuple, **state) -> "Record":
        """A record whose model and bodies are kept pickled, as (model, bodies), or as what else
        reads them again from its file (its English body's path and its kind: _pack), until
        either is asked for; `state` holds its other attributes."""
        record = cls.__new__(cls)
        record.__dict__.update(state, _pickled=pickled)
        return record

    def __getattr__(self, name: str):
        """A record sent by a worker, or read from the cache (load.stored), gets its model and
        bodies, kept pickled or to be read again (_sent), when either is first asked for."""
        packed = self.__dict__.get("_pickled") if name in ("item", "body") else None
        if packed is None:
            raise AttributeError(name)
        if isinstance(packed, bytes):
            self.item, self.body = pickle.loads(packed)
        else:
            english, kind = packed
            self.item, self.body = _read_again(self.source.path, self.source.shown, english and Path(english), KINDS[kind])
        del self._pickled
        return getattr(self, name)

    @cached_property
    def digest(self) -> int:
        """Stands for the record's content when a build decides what to re-render (the same in
        every process, so the next build's can compare with it). The file's name too: a page's
        "propose a change" link names it."""
        return stable_hash(self.source.path.name, self.item.model_dump_json(), *_body_parts(self.body))


class OnDisk(Mapping[str, str]):
    """A record's Markdown bodies left in its files, read again each time one is asked for. Held
    in memory, the bodies were an eighth of the heap a build forks its render worker with (5,000
    innovations: 26 of 202 MB); read, a copy lives only while the page or file that shows it is
    made. The files must hold the bodies the record was validated with: one that changed since is
    an error naming it, not a page of text no check saw."""

    __slots__ = ("path", "shown", "langs", "filled", "digest")

    def __init__(self, record: "Record"):
        self.path, self.shown, self.langs = record.source.path, record.source.shown, tuple(record.body)
        self.filled = tuple(lang for lang, text in record.body.items() if text)  # an empty body is not read
        self.digest = stable_hash(*_body_parts(record.body))

    def read(self) -> dict[str, str]:
        """Both bodies; the last record's are kept, as its page is keyed and then made from them."""
        global _last_read
        if _last_read[0] is self:
            return _last_read[1]
        body = self._quick()
        if body is None or self.digest != stable_hash(*_body_parts(body)):
            body = self._careful()
        _last_read = self, body
        return body

    def _quick(self) -> dict[str, str] | None:
        """The bodies as a usual file holds them (UTF-8 with no BOM, in NFC, lines ended by "\n"),
        which the digest then vouches for; None when a file cannot be read so. Read twice an
        innovation (for its pages, and its API document: the bulk download is made of the
        documents), the careful reader cost 0.16 ms where this costs 0.08 (2,000 innovations, one
        core): its checks (line ends, control characters, NFC) look at every character of text
        that was checked when loaded."""
        try:
            bengali = _whole(self.path)
            english = _whole(english_of(self.path)) if "en" in self.langs else b""
            if bengali is None or english is None:
                return None
            body = {"bn": split_front_matter(bengali.decode("utf-8"))[1].strip()}
            if "en" in self.langs:
                body["en"] = english.decode("utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return body

    def _careful(self) -> dict[str, str]:
        """The bodies as the loader read them (read_text's checks), or the error why not: a file
        that cannot be read, or that changed since it was validated."""
        problems: list[Problem] = []
        body = {}
        text = read_text(self.path, self.shown, problems)
        if text is not None:
            body["bn"] = _stripped(split_front_matter(text)[1], 1)[0]
        if "en" in self.langs:
            english = english_of(self.path)
            text = read_text(english, shown_path(english), problems)
            if text is not None:
                body["en"] = _stripped(text, 1)[0]
        if problems or self.digest != stable_hash(*_body_parts(body)):
            raise ContentError(problems or [Problem.of(self.shown, 1, 1, "", "changed_during_build")])
        return body

    def __getitem__(self, lang: str) -> str:
        if lang in self.filled:
            return self.read()[lang]
        if lang in self.langs:
            return ""
        raise KeyError(lang)

    def __contains__(self, lang) -> bool:
        return lang in self.langs

    def __iter__(self) -> Iterator[str]:
        return iter(self.langs)

    def __len__(self) -> int:
        return len(self.langs)


_last_read: tuple = (None, {})


def _whole(path: Path) -> bytes | None:
    """A file's bytes, as many as it held when opened (what it holds is vouched for by the
    digest); None if more than a content file may hold. One read of its size: read_bounded reads
    on to the end, a system call more (its 33 µs a record are 23 so, 2,000 innovations)."""
    fd, info = open_regular(path)
    try:
        return os.read(fd, info.st_size) if info.st_size <= MAX_BYTES else None
    finally:
        os.close(fd)


def _body_parts(body: Mapping[str, str]) -> Iterator[str]:
    return (part for pair in sorted(body.items()) for part in pair)


def bodies_on_disk(bank: "Bank") -> dict[int, OnDisk]:
    """Every record's bodies left in its files (OnDisk), once what a build digests of them is
    made: id of the dict each had → what stands for it now."""
    swapped = {}
    for table in (bank.ideas, bank.teams, bank.offices):
        for record in table.values():
            if any(record.body.values()):
                swapped[id(record.body)] = on_disk = OnDisk(record)
                record.body = on_disk
    return swapped


def stable_hash(*parts: str) -> int:
    """A 64-bit digest of text that is the same in every process (Python's hash() of a str is not)."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return int.from_bytes(digest.digest(), "big")


def _stripped(text: str, first_line: int) -> tuple[str, int]:
    """The body without surrounding blank space, and the file line its first line is on."""
    body = text.strip()
    return body, first_line + text[: len(text) - len(text.lstrip())].count("\n")


def shows_nothing(body: str) -> bool:
    """Whether a stripped body is empty or nothing but HTML comments, which no page shows (the
    hint `innobank new` writes in an .en.md)."""
    while body.startswith("<!--"):
        end = body.find("-->", 4)
        if end < 0:
            return False
        body = body[end + 3:].lstrip()
    return body == ""


@dataclass
class Bank:
    root: Path
    ideas: dict[str, Record[Idea]] = field(default_factory=dict)
    teams: dict[str, Record[Team]] = field(default_factory=dict)
    offices: dict[str, Record[Office]] = field(default_factory=dict)
    media: set[str] = field(default_factory=set)  # "media/<name>": the pictures the site publishes


@dataclass
class _Loaded:
    """What one content file (with its English body) gave, and the file state it came from."""

    stamp: tuple
    record: Record | None
    problems: list[Problem]
    seen: tuple | None = None  # with a stamp by content, the files' state then, if settled (_seen)


@dataclass
class _Sent(_Loaded):
    """What a worker sent for a valid file (_sent): its stamp, record and problems as the worker
    pickled them, which the cache (load.stored) writes as they are. Pickled by the loading process
    after the last file, the 12,000 entries of 10,000 innovations took 0.3 s on one core, the other
    idle; a copy of bytes each now. The file's state (`seen`), which load() may update, is kept
    apart. The record may since have unpacked its model and bodies: read back, it reads them
    again, as any packed record does."""

    pickled: bytes = b""

    def __reduce__(self):
        return _sent_entry, (self.record.source.path, self.pickled, self.seen)


def _sent_entry(path: Path, pickled: bytes, seen: tuple | None) -> _Sent:
    """The cache's entry for a valid file a worker read (_sent), from what it pickled."""
    stamp, shown, slug, first_line, body_line, problems, packed, facts = pickle.loads(pickled)
    record = Record.packed(packed, slug=slug, source=Reread(path, shown, body_line=first_line), body_line=body_line,
                           facts=Facts._make(facts))
    return _Sent(stamp, record, problems, seen, pickled)


Cache = dict  # content file → _Loaded; kept by `mkdocs serve`, and between runs (load.stored), so a load re-reads only what changed


def _stamp(shown: str, *paths: Path | None, content: bool = False) -> tuple:
    """What a content file's state (with its English body's) is compared by: the path problems
    print, and each file's times, size and inode, or, when the cache outlives a checkout (a
    deploy's, whose files are all new; `innobank validate`'s), a digest of its bytes (of as many as
    a content file may hold: one too big is reported, never read whole)."""
    if content:
        return _by_content(shown, [_bounded(path) for path in paths])
    stamp: list = [shown]
    for path in paths:
        try:
            info = os.stat(path) if path else None
        except OSError:
            info = None
        stamp.append(_state(info))
    return tuple(stamp)


def _state(info: os.stat_result | None) -> tuple | None:
    """A file's state, as a stamp holds it (None: no file, or none that could be looked at)."""
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns) if info else None


def _bounded(path: Path | None) -> Bounded | None:
    """read_bounded(path); None for no file or one that cannot be read (whoever parses it reads
    it again, and reports why)."""
    try:
        return None if path is None else read_bounded(path)
    except OSError:
        return None


def _by_content(shown: str, reads: list[Bounded | None]) -> tuple:
    """The stamp by content of files read by _bounded."""
    return (shown, *(None if read is None else _digest(read.raw, read.size) for read in reads))


_SETTLED_NS = 2_000_000_000  # a file changed this long ago: the file system's clock has moved on since


def _seen(shown: str, reads: list[Bounded | None]) -> tuple | None:
    """The state (as _stamp gives it) of files read by _bounded, as each was when it was opened,
    beside their stamp by content: a file found in the same state (times, size, inode) is not
    read again to be compared by its bytes, as git trusts its index. None when a file changed
    less than _SETTLED_NS before: it could change again within the same tick of the file
    system's clock, and its state would not show it. (The state of the file opened, not a stat of
    its path: one look at each file instead of two, the same file.)"""
    settled = time.time_ns() - _SETTLED_NS
    stamp = (shown, *(None if read is None else _state(read.info) for read in reads))
    return stamp if all(info is None or max(info[0], info[3]) < settled for info in stamp[1:]) else None


def _digest(raw: bytes, size: int) -> tuple[bytes, int]:
    """A file's bytes, as its stamp by content compares them: SHA-256 (OpenSSL's, with the
    processor's SHA instructions) took half the time BLAKE2b did over 20,000 files."""
    return hashlib.sha256(raw).digest()[:16], size


def content_digest(path: Path) -> bytes:
    """The digest of a content file's bytes that its stamp by content holds (the plugin keys the
    files it bundles by it, from load()'s cache when it is there)."""
    raw, size, _ = read_bounded(path)
    return _digest(raw, size)[0]


def _seen_and_stamp(file: tuple[str, Path, Path | None]) -> tuple[tuple | None, tuple]:
    """A content file's settled state, then its stamp by content (each file's state as it was
    opened, before it was read: a change between the two is seen next time)."""
    shown, path, english = file
    reads = [_bounded(path), _bounded(english)]
    return _seen(shown, reads), _by_content(shown, reads)


def load(root: Path, only: Iterable[Path] | None = None, cache: Cache | None = None,
         warnings: bool = False, by_content: bool = False, watched: Watched | None = None,
         models: bool = True, lean: bool = False) -> tuple[Bank, list[Problem]]:
    """Load content/ under root. With `only`, report problems for those files alone (the whole
    bank is still read, because references cross files). With a `cache` from the previous load,
    files that have not changed since are not read again (changed: by size, times and inode, or
    with `by_content`, by their bytes, read only when their state changed); and with `watched`
    too (`mkdocs serve`'s file watcher), when it knows what changed, only the files it reported
    are read again, and no folder is listed. With `warnings`, also report what is worth a look
    but no error (`innobank validate` does; the site build does not). Without `models`, the caller
    asks for nearly no record's model (`innobank validate`): workers validate the files too, and
    send each model packed, unpacked only if asked for (_sent); else this process validates them
    (what a worker sends of a file then takes the least time for both). With `lean` (a build that
    forks render workers), each record is made light as soon as it is validated (_light)."""
    with no_collection():
        try:
            return _load(root, only, cache, warnings, by_content, watched, models, lean)
        except BaseException:
            if watched is not None:  # what it reported is taken: the next load looks at everything
                watched.unsure()
            raise


@contextmanager
def no_collection():
    """Pause the cyclic garbage collector. Loading (or reading the build state) makes millions of
    objects that all live on; the collector would scan them again and again, to free nothing (a
    quarter of the load's time at 10,000 innovations, half of reading the state)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, only: Iterable[Path] | None, cache: Cache | None, warnings: bool,
          by_content: bool, watched: Watched | None, models: bool, lean: bool) -> tuple[Bank, list[Problem]]:
    bank = Bank(root)
    stamped = None if cache is None else by_content  # whether (and how) the files' states are kept
    cache = {} if cache is None else cache
    changed = None if watched is None else watched.take()
    listing = None if watched is None else watched.listing
    fresh = None if changed is None or listing is None else listing.touched(changed)
    if fresh is None:
        listing = list_content(root)
        if watched is not None:
            watched.listing = listing
    bank.media = listing.media
    problems: list[Problem] = list(listing.problems)
    files = listing.files
    if fresh is None:
        fresh = _changed(files, cache, by_content)
    else:  # and, as _changed does, each file the cache has no record of
        fresh.update(path for _, _, path, _, _ in files if getattr(cache.get(path), "record", None) is None)
    read = workers.mapped(_read_file, [(path, shown, english, stamped, None if models else KINDS[kind])
                                       for kind, _, path, shown, english in files if path in fresh], send=_sent)
    similar = SimilarTitles(bank.ideas) if warnings else None
    # Offices, then teams, then innovations, each put in the bank in order; a file that no worker
    # found valid is validated here, so that a reference that is not even of an id's form is
    # reported with a suggestion from those put in before.
    for kind, slug, path, shown, english in files:
        if path in fresh:
            done = next(read)
            if len(done) == 2:  # a valid file, as a worker sends it (_sent)
                cache[path] = _sent_entry(path, *done)
            else:
                stamp, seen, *done = done
                cache[path] = _Loaded(stamp, *_validated(done, path, shown, slug, KINDS[kind], bank, lean), seen)
        loaded = cache[path]
        problems.extend(loaded.problems)
        if loaded.record is not None:
            getattr(bank, kind)[slug] = loaded.record
            if similar is not None and kind == "ideas":
                similar.add(slug)
    if similar is not None:
        problems.extend(similar.warnings())
    unloaded = frozenset((kind, slug) for kind, slug, path, _, _ in files if cache[path].record is None)
    problems.extend(check_bank(bank, unloaded))
    problems.extend(images.missing(bank))
    problems.extend(images.unused(bank, unloaded))
    problems.extend(link_problems(bank, unloaded))
    for gone in cache.keys() - {f[2] for f in files}:
        del cache[gone]
    if only is not None:
        wanted = {shown_path(Path(p)) for p in only}
        problems = [p for p in problems if p.file in wanted]
    return bank, sorted(set(problems))


def _changed(files: list[tuple], cache: Cache, by_content: bool) -> set[Path]:
    """The files to read: those the cache has no record of (a file that failed is read again: its
    messages suggest other files, which may have changed), and those changed since. By content, a
    file in the state it was seen in is not digested; the others are (in workers, when many), and
    one whose bytes are the same is seen in its new state (the entry is changed in place: a build's
    state, made in another checkout, is not written again for it; `innobank validate`'s is)."""
    changed, unsure = set(), []
    for _, _, path, shown, english in files:
        loaded = cache.get(path)
        if loaded is None or loaded.record is None:
            changed.add(path)
        elif not by_content:
            if loaded.stamp != _stamp(shown, path, english):
                changed.add(path)
        elif loaded.seen is None or loaded.seen != _stamp(shown, path, english):
            unsure.append((path, shown, english, loaded))
    states = workers.mapped(_seen_and_stamp, [(shown, path, english) for path, shown, english, _ in unsure])
    for (path, _, _, loaded), (seen, stamp) in zip(unsure, states):
        if stamp != loaded.stamp:
            changed.add(path)
        elif seen is not None:
            loaded.seen = seen
    return changed


# What _read_file gives: the file's stamp (None when it is not kept) and its settled state (_seen),
# the parts of its Source but its path (None when it cannot be read), its bodies by language and
# the lines they start on, its problems but for its model's, and its model and facts (None, None
# when the model was not validated or is not valid). A worker sends it as _sent makes it.
_Read = tuple


def load_file(path: Path, shown: str, slug: str, model: type[M], english: Path | None = None,
              bank: Bank | None = None) -> tuple[Record[M] | None, list[Problem]]:
    """One content file (with its English body, if any): its record, None when it is not valid,
    and every problem in it. The bank read so far, if given, is where a wrong reference's
    suggestion comes from."""
    return _validated(_read_file((path, shown, english, None, model))[2:], path, shown, slug, model, bank)


def _read_file(file: tuple[Path, str, Path | None, bool | None, type[BaseModel] | None]) -> _Read:
    """What one content file (with its English body) holds, its problems but for its model's, and,
    given its model, the model if it is valid: what needs no other file (in a worker, when there
    are many). Stamped before it is read: a file changed meanwhile is read again next time. By
    content, its bytes are read once, for the stamp and the text."""
    path, shown, english, stamped, model = file
    reads = [_bounded(path), _bounded(english)] if stamped else [None, None]
    seen = _seen(shown, reads) if stamped else None
    stamp = None if stamped is None else _by_content(shown, reads) if stamped else _stamp(shown, path, english)
    problems: list[Problem] = []
    source = read_source(path, shown, problems, reads[0])
    if source is None:
        return stamp, seen, None, {}, {}, problems, None, None
    body, body_line, body_file = {}, {}, {"bn": shown}
    body["bn"], body_line["bn"] = _stripped(source.body, source.body_line)
    if english is not None:
        body_file["en"] = shown_path(english)
        text = read_text(english, body_file["en"], problems, reads[1])
        if text is not None:
            body["en"], body_line["en"] = _stripped(text, 1)
            if body["en"].partition("\n")[0].rstrip() == "---":  # fields, which would be published as text
                problems.append(Problem.of(body_file["en"], body_line["en"], 1, "", "english_fields"))
    problems.extend(personal_problems(source, body, body_line))
    problems.extend(images.body_problems(body, body_line, body_file))
    if "en" in body and shows_nothing(body["en"]):  # checked, and then no English body: the English
        del body["en"], body_line["en"]  # page links to the Bengali one, as without an .en.md
    for lang, problem in body_bounds.body_problems(body, body_line, body_file).items():
        problems.append(problem)
        body[lang] = ""  # refused, and so never rendered: not by validate's link check either
    try:  # a refused file's model is validated by the loading process alone, for its problems (_validated)
        item = None if model is None or source.refused else model.model_validate(source.data)
    except ValidationError:  # the loading process reports it, with the bank read so far (_validated)
        item = None
    return (stamp, seen, (source.data, source.body_line, source.marks, source.unmarked, source.refused), body, body_line,
            problems, item, None if item is None else facts_of(item, body))


def _sent(file: tuple, read: _Read) -> _Read | tuple[bytes, tuple | None]:
    """What a worker sends of _read_file's result: for a valid file, pickled here, what the cache
    keeps of it (_Sent), and its settled state. What it keeps: its stamp, its record's slug, its
    Source without the places of its fields (read again if a problem needs them: nearly none
    does), its bodies' first lines, its problems, its model and bodies packed (_pack), which the
    record unpacks when they are first asked for (Record.__getattr__: `innobank validate` never
    asks, but for the bodies that may link), and its facts."""
    stamp, seen, parts, body, body_line, problems, item, facts = read
    if item is None:
        return read
    path, shown, english = file[:3]
    return pickle.dumps((stamp, shown, path.stem, parts[1], body_line, problems, _pack(item, parts[0], body, facts, english),
                         tuple(facts)), protocol=pickle.HIGHEST_PROTOCOL), seen


_KIND = {model: kind for kind, model in KINDS.items()}


def _pack(item: BaseModel, data: dict, body: dict[str, str], facts: Facts, english: Path | None) -> bytes | tuple[str | None, str]:
    """A model and its bodies, as a worker sends them: when the checks across files read a body
    (one that may link), pickled, the model as the data it was validated from (unpickled, it is
    validated again: pickling a model costs twice as much as validating its data, and unpickling
    it as much); else where to read them again, as plain text: the file's English body's path and
    its kind (a function and Paths took 10 µs of a worker's file to pickle, and 250 bytes of the
    pipe and of the cache)."""
    if facts.linking:
        return pickle.dumps((_Validated(type(item), data), body), protocol=pickle.HIGHEST_PROTOCOL)
    return english and os.fspath(english), _KIND[type(item)]


class _Validated:
    """Pickles as a model's data; unpickled, it is the model validated from it."""

    __slots__ = ("model", "data")

    def __init__(self, model: type[BaseModel], data: dict):
        self.model, self.data = model, data

    def __reduce__(self):
        return self.model.model_validate, (self.data,)


def _read_again(path: Path, shown: str, english: Path | None, model: type[BaseModel]) -> tuple[BaseModel, dict[str, str]]:
    """The model and bodies of a valid file whose record kept neither (_pack). The file holds
    the bytes the record was made from (as for a Reread source): one that changed is loaded again."""
    record, problems = load_file(path, shown, path.stem, model, english)
    if record is None:  # changed since, and no longer valid
        raise ContentError(problems)
    return record.item, record.body


def _validated(read, path: Path, shown: str, slug: str, model: type[M], bank: Bank | None,
               lean: bool = False) -> tuple[Record[M] | None, list[Problem]]:
    parts, body, body_line, problems, item, facts = read
    if parts is None:
        return None, problems
    data, first_line, marks, unmarked, refused = parts
    # without its body (the record keeps the stripped copy): `mkdocs serve` holds every file for hours
    source = Source(path, shown, data, "", first_line, marks, unmarked)
    if item is None:  # validated here (again, if a worker found it not valid): see _load
        try:
            item = model.model_validate(data)
        except ValidationError as error:
            return None, problems + problems_from(error, model, source, bank)
        if refused:  # its control characters were reported: every other problem is, but no record is made
            return None, problems
        facts = facts_of(item, body)
    record = Record(slug, item, _light(source, item) if lean else source, body, body_line)
    record.facts = facts
    return record, problems


def _light(source: Source, item: BaseModel) -> Reread:
    """A valid file's source without its parsed front matter (its data, the text its marks are
    read from), which no page reads: its lines are read again from the file if a problem needs
    them (a reference to a missing record, say). Its model's fields sets shared too
    (model.share_fields_sets). Let go as each record is made, what they held is taken by the next
    files' objects; let go once the whole bank was loaded, it left holes that both rendering
    processes kept (20,000 innovations: 154 MB of pymalloc's free blocks at the fork, now 0.3;
    bench/README.md, memory)."""
    share_fields_sets(item)
    return Reread(source.path, source.shown, body_line=source.body_line)
