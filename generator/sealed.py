"""Caches the deploy workflow restores (.github/workflows/deploy.yml), each sealed by the run that
saved it.

A deploy takes the last site, the build's state (a pickle: reading it runs code), the share images
and the link report from the Actions cache. Every workflow run of the main branch can write that
cache, and one of them runs code nobody has read: each week dependencies.yml installs the newest
releases of every dependency and runs the tests with them. A release taken over by an attacker
could plant a cache entry there that the next deploy would publish, or run. So the deploy seals
what it saves with a key only it is given (the repository secret INNOBANK_CACHE_KEY), and before
it builds, removes whatever it restored without its seal: that build is a full one, from the
content alone. A seal covers every name, kind and byte under its paths; a link or a device in
them is never sealed."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import stat
from pathlib import Path
from typing import Iterable

SEALS = Path(".cache/seals")  # one file per cache, saved in the cache it seals
KEY = "INNOBANK_CACHE_KEY"
_CHUNK = 1 << 20


class Unsealable(Exception):
    """A link, a device or a pipe among the paths: what a build never makes."""


def key() -> bytes | None:
    secret = os.environ.get(KEY, "")
    return hashlib.blake2b(secret.encode(), digest_size=32, person=b"innobank cache").digest() if secret else None


def seal(root: Path, name: str, paths: Iterable[str], secret: bytes) -> None:
    """Write the seal of `paths` (relative to `root`, present or not) as `name`."""
    folder = root / SEALS
    folder.mkdir(parents=True, exist_ok=True)
    pending = folder / f".{name}.new"
    pending.write_text(_seal(root, paths, secret).hex() + "\n", encoding="ascii")
    os.replace(pending, folder / name)


def check(root: Path, name: str, paths: Iterable[str], secret: bytes) -> bool:
    """Whether `paths` are as the run that sealed them as `name` left them; if not, they are
    removed with the seal (nothing restored is kept that the deploy did not seal itself)."""
    paths = list(paths)
    try:
        intact = hmac.compare_digest(bytes.fromhex((root / SEALS / name).read_text(encoding="ascii").strip()),
                                     _seal(root, paths, secret))
    except (OSError, ValueError, Unsealable, RecursionError):  # RecursionError: folders thousands deep
        intact = False
    if not intact:
        for path in (*paths, str(SEALS / name)):
            _remove(root / path)
    return intact


def _seal(root: Path, paths: Iterable[str], secret: bytes) -> bytes:
    digest = hashlib.blake2b(key=secret, digest_size=32, person=b"innobank seal")
    for path in paths:
        digest.update(b"path\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        _add(digest, root / path, path)
    return digest.digest()


def _add(digest, path: Path, shown: str) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        digest.update(b"none\0")
        return
    if stat.S_ISDIR(info.st_mode):
        digest.update(b"folder\0")
        with os.scandir(path) as entries:
            names = sorted(entry.name for entry in entries)
        for entry in names:
            digest.update(b"entry\0" + entry.encode("utf-8", "surrogateescape") + b"\0")
            _add(digest, path / entry, f"{shown}/{entry}")
        digest.update(b"end\0")
    elif stat.S_ISREG(info.st_mode):
        digest.update(b"file\0%d\0" % info.st_size)
        with open(path, "rb") as stream:  # a regular file (lstat), opened without waiting on a pipe
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    else:
        raise Unsealable(shown)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
