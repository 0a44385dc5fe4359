"""Caches the deploy workflow restores (.github/workflows/deploy.yml), each sealed by the run that
saved it.

A deploy takes the last site, the build's state (a pickle: reading it runs code), the share images
and the link report from the Actions cache. Every workflow run of the main branch can write that
cache, and one of them runs code nobody has read: each week dependencies.yml installs the newest
releases of every dependency and runs the tests with them. A release taken over by an attacker
could plant a cache entry there that the next deploy would publish, or run. So the deploy seals
what it saves with a key only it is given (INNOBANK_CACHE_KEY, a secret of the github-pages
environment), and before it builds, removes whatever it restored without its seal: that build is
a full one, from the content alone. A seal covers every name, kind and byte under its paths; a link or a device in
them is never sealed."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path
from typing import Iterable

from . import carried
from .load.source import open_regular

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
    _unlinked(root, (*paths, str(SEALS / name)))
    folder = root / SEALS
    folder.mkdir(parents=True, exist_ok=True)
    pending = folder / f".{name}.new"
    pending.write_text(_seal(root, paths, secret).hex() + "\n", encoding="ascii")
    os.replace(pending, folder / name)


def check(root: Path, name: str, paths: Iterable[str], secret: bytes) -> bool:
    """Whether `paths` are as the run that sealed them as `name` left them; if not, they are
    removed with the seal (nothing restored is kept that the deploy did not seal itself)."""
    paths = list(paths)
    linked = _unlinked(root, (*paths, str(SEALS / name)))
    try:
        kept = _kept(root / SEALS / name)
        intact = not linked and hmac.compare_digest(kept, _seal(root, paths, secret))
    except (OSError, ValueError, Unsealable, RecursionError):  # RecursionError: folders thousands deep
        intact = False
    if not intact:
        carried.remove(root, (*paths, str(SEALS / name)))
    return intact


def _kept(path: Path) -> bytes:
    """The seal as saved: restored with the cache, so read as any restored file (a pipe there would
    never end, a huge file would fill the memory)."""
    fd, _ = open_regular(path)
    try:
        return bytes.fromhex(os.read(fd, 80).decode("ascii").strip())
    finally:
        os.close(fd)


def _unlinked(root: Path, paths: Iterable[str]) -> bool:
    """Remove each link on the way to `paths` (a commit can carry one, e.g. `.cache` → elsewhere: the
    check would remove, and the seal write, where it points); whether there was one."""
    found = False
    for path in paths:
        at = root
        for part in Path(path).parts:
            at = at / part
            if at.is_symlink():
                at.unlink()
                found = True
                break
    return found


def _seal(root: Path, paths: Iterable[str], secret: bytes) -> bytes:
    digest = hashlib.blake2b(key=secret, digest_size=32, person=b"innobank seal")
    for path in paths:
        digest.update(b"path\0" + os.fsencode(path) + b"\0")
        try:
            info = os.lstat(root / path)
        except FileNotFoundError:
            digest.update(b"none\0")
            continue
        if stat.S_ISDIR(info.st_mode):
            _folder(digest, str(root / path))
        else:
            _file(digest, str(root / path))
    return digest.digest()


def _folder(digest, path: str) -> None:
    digest.update(b"folder\0")
    with os.scandir(path) as listed:
        entries = sorted(listed, key=lambda entry: entry.name)
    for entry in entries:  # the kind from the listing itself: a link is never followed
        digest.update(b"entry\0" + os.fsencode(entry.name) + b"\0")
        if entry.is_dir(follow_symlinks=False):
            _folder(digest, entry.path)
        elif entry.is_file(follow_symlinks=False):
            _file(digest, entry.path)
        else:
            raise Unsealable(entry.path)
    digest.update(b"end\0")


def _file(digest, path: str) -> None:
    try:
        fd, info = open_regular(path)  # a link or no regular file: NotRegular
    except OSError as error:
        raise Unsealable(path) from error
    try:
        digest.update(b"file\0%d\0" % info.st_size)
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
    finally:
        os.close(fd)
