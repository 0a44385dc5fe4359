"""Incremental builds: a deploy after a small change renders only the pages it changed, and gives
the bytes a full build gives.

A build leaves its state in .cache/build/<site folder>/ beside mkdocs.yml: what each content file gave when it
was loaded (under a digest of the file's bytes) and a digest of what each page shows
(pages.fingerprint). The next build, given that folder and the previous site in site_dir (deploy.yml
keeps both in the Actions cache), reads again only the files whose bytes changed, renders only the
pages whose digest changed, and links the other pages' files from the previous site into the new
one: the previous site itself is never written to, so a failed build still leaves it whole. Open
data, search and share images are made again on every build, from their own caches.

A state holds for one version of the code: a change to generator/, theme/, mkdocs.yml or the
packages that render makes the next build a full one. It is a pickle, written and read only by
this repository's builds (a pull request's workflow cannot write the main branch's Actions cache);
content never reaches it other than as the loaded records."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .load import no_collection

log = logging.getLogger("mkdocs.plugins.innobank")

# Installed packages whose version changes what a page is made of.
RENDERING = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "MarkupSafe", "nh3",
             "pydantic", "pydantic-core", "PyYAML", "Pillow", "XlsxWriter")


@dataclass
class State:
    version: str  # code_version() of the build that wrote it
    loaded: dict = field(default_factory=dict)  # load()'s cache, by content (generator/load/bank.py)
    pages: dict[str, int] = field(default_factory=dict)  # src_uri → fingerprint of the page on disk


def code_version(config_file: Path, theme_dir: Path) -> str:
    """A digest of everything besides content that decides a page's bytes."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for root in (package, theme_dir):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\x00".encode() + path.read_bytes() + b"\x00")
    digest.update(config_file.read_bytes())
    for name in RENDERING:
        try:
            digest.update(f"{name}={metadata.version(name)}\x00".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\x00".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def state_folder(config_file: Path, site_dir: Path) -> Path:
    """One state per site folder: the test suite's sample site and `make site` do not take each
    other's pages."""
    key = hashlib.blake2b(str(site_dir.resolve()).encode(), digest_size=6).hexdigest()
    return config_file.parent / ".cache" / "build" / f"{site_dir.name}-{key}"


def read(folder: Path, version: str, site_dir: Path) -> State:
    """The last build's state, or an empty one (a full build) when there is none, it was written
    by another version of the code, or its site is gone."""
    path = folder / "state.pickle"
    if not site_dir.is_dir() or not path.is_file():
        return State(version)
    try:
        with path.open("rb") as stream, no_collection():
            state = pickle.load(stream)
    except Exception as error:  # noqa: BLE001 — a damaged cache costs a full build, never the build
        log.info("The last build's state in %s could not be read (%s); building everything.", path, error)
        return State(version)
    if not isinstance(state, State) or state.version != version:
        log.info("The code changed since the last build; building everything.")
        return State(version)
    return state


def write(folder: Path, state: State) -> Path:
    """Write the state beside the current one, as soon as the pages are rendered (the loaded bank
    can then be let go before search is indexed); `commit` makes it the current one once the new
    site is in place. A build that fails in between leaves the last state, which still describes
    the site that is there."""
    folder.mkdir(parents=True, exist_ok=True)
    pending = folder / f".state-{os.getpid()}.pickle"
    with pending.open("wb") as stream, no_collection():
        pickle.dump(state, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return pending


def commit(pending: Path) -> None:
    os.replace(pending, pending.with_name("state.pickle"))
    forget(pending.parent, keep=True)


def forget(folder: Path, keep: bool = False) -> None:
    """Remove the state (unless `keep`) and what builds that failed left."""
    for stale in folder.glob(".state-*.pickle"):
        stale.unlink(missing_ok=True)
    if not keep:
        (folder / "state.pickle").unlink(missing_ok=True)


def link_pages(previous_site: Path, site: Path, paths: list[str]) -> None:
    """The unchanged pages' files of the previous site, linked (not copied) into the new one."""
    made = set()
    for path in paths:
        target = site / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.link(previous_site / path, target)
