"""Incremental builds: a deploy after a small change makes only the files it changed, and gives
the bytes a full build gives.

A build leaves its state in .cache/build/<site folder>/ beside mkdocs.yml: what each content file
gave when it was loaded (under a digest of the file's bytes), a key for every file of the site
made from content (a page's fingerprint, a published file's digest of what it is made from:
pages.Digests), and each searched page's search record (generator/search.py). The next build, given that
folder and the previous site in site_dir (deploy.yml keeps both in the Actions cache), reads again
only the content files whose bytes changed and makes only the files whose key changed, into a
staging folder; then `Update` moves them into the previous site, removes what the new site no
longer has, and the search index is written from the records of the pages made and those kept.
The cost follows the change: a file that did not change is neither made, copied nor linked.

Most pages are not even made: the state keeps, for each page or listing a builder makes through
`Relations.again` (an innovation's, team's or office's page, a browse or showcase listing, and the
pages of the whole bank but the home page: places, scorecard, codes, contribute form, API, team and
office indexes, each from what it shows of the bank), a digest of its inputs (the records it shows
by the digests of their content, the other values by theirs) and where its pages are. A deploy
digests each one's inputs and keeps its pages, neither made, fingerprinted nor given a File, when
the digest is the one the state has; it makes the cards of the share images only of the innovations
whose digest changed. Every value a page shows is among its inputs (a page whose inputs cannot be
said is made every time, and its fingerprint decides). The templates the last build compiled, in
any of its processes, no process compiles again (Jinja checks each against its template's source).

The previous site is changed only once everything is made, and a failure from then on (search,
strict mode) puts it back as it was; a build killed while it changes leaves no site folder, and
the next build is then a full one. A state holds for one version of the code: a change to
generator/, theme/, mkdocs.yml or the packages that render or load makes the next build a full one.
It is a pickle, written and read only by this repository's builds (a pull request's workflow cannot
write the main branch's Actions cache, and a file a commit puts there is removed unread:
generator/carried.py); content never reaches it other than as the loaded records."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .load import no_collection, stored

log = logging.getLogger("mkdocs.plugins.innobank")

# Installed packages whose version changes what a page is made of, or (the state keeps the loaded
# records) what a content file gives.
RENDERING = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "MarkupSafe", "nh3",
             "Pillow", "XlsxWriter") + stored.LOADING


@dataclass
class State:
    version: str  # code_version() of the build that wrote it
    loaded: dict = field(default_factory=dict)  # load()'s cache, by content (generator/load/stored.py)
    outputs: dict[str, int] = field(default_factory=dict)  # site path → key of each file made from content
    others: set[str] = field(default_factory=set)  # site paths of the files MkDocs writes on every build
    search: dict = field(default_factory=dict)  # searched page → its search.Record (None: the page does not opt in)
    pages: dict = field(default_factory=dict)  # Relations.again's key → relations.Made: its inputs' digest, its pages
    shares: dict = field(default_factory=dict)  # innovation → its digest, its share images (share_images.remembered)
    templates: dict[str, bytes] = field(default_factory=dict)  # Jinja's compiled templates (templating.COMPILED)
    topology: object = None  # the districts' simplified borders (pages.map.topology), the same for the same code
    # load()'s cache's parts as read (stored.Read): on disk, `loaded` holds the parts (stored.pack)
    stored: dict[int, tuple[dict, bytes]] = field(default_factory=dict, repr=False, compare=False)


def code_version(config_file: Path, theme_dir: Path) -> str:
    """A digest of everything besides content that decides a page's bytes."""
    return stored.code_digest((Path(__file__).parent, theme_dir), RENDERING, config_file.read_bytes())


def state_folder(config_file: Path, site_dir: Path) -> Path:
    """One state per site folder: the test suite's sample site and `make site` do not take each
    other's pages."""
    key = hashlib.blake2b(str(site_dir.resolve()).encode(), digest_size=6).hexdigest()
    return config_file.parent / ".cache" / "build" / f"{site_dir.name}-{key}"


# ---- the state on disk -------------------------------------------------------------------------

def read(folder: Path, version: str, site_dir: Path) -> State:
    """The last build's state, or an empty one (a full build) when there is none, it was written
    by another version of the code, or its site is gone."""
    path = folder / "state.pickle"
    if not site_dir.is_dir() or not path.is_file():
        return State(version)
    try:
        with path.open("rb") as stream, no_collection():
            state = pickle.load(stream)
            if not isinstance(state, State) or state.version != version:
                log.info("The code changed since the last build; building everything.")
                return State(version)
            state.search = pickle.load(stream)
            state.loaded, state.stored = stored.unpack(state.loaded)
            # What was read lives on: out of the collector's sight (the plugin lets it go once the site
            # is made) before it runs again, or its first collection, at once, scans all of it (1 s of
            # CPU at 10,000 innovations, a million objects)
            gc.freeze()
    except Exception as error:  # noqa: BLE001 — a damaged cache costs a full build, never the build
        log.info("The last build's state in %s could not be read (%s); building everything.", path, error)
        return State(version)
    return state


def write(folder: Path, state: State) -> Path:
    """Write the state beside the current one, as soon as the site's files are made (the loaded
    bank can then be let go before search is indexed); `add_search` appends the search records and
    `commit` makes it the current one once the new site is in place. A build that fails in between
    leaves the last state, which still describes the site that is there."""
    folder.mkdir(parents=True, exist_ok=True)
    pending = folder / f".state-{os.getpid()}.pickle"
    with no_collection():
        on_disk = State(state.version, stored.pack(state.loaded, state.stored), state.outputs, state.others,
                        pages=state.pages, shares=state.shares, templates=state.templates, topology=state.topology)
        with pending.open("wb") as stream:
            pickle.dump(on_disk, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return pending


def add_search(pending: Path, search: dict) -> None:
    with pending.open("ab") as stream:
        pickle.dump(search, stream, protocol=pickle.HIGHEST_PROTOCOL)


def commit(pending: Path) -> None:
    os.replace(pending, pending.with_name("state.pickle"))
    forget(pending.parent, keep=True)


def forget(folder: Path, keep: bool = False) -> None:
    """Remove the state (unless `keep`) and what builds that failed left."""
    for stale in folder.glob(".state-*.pickle"):
        stale.unlink(missing_ok=True)
    if not keep:
        (folder / "state.pickle").unlink(missing_ok=True)


# ---- the previous site made into the new one ---------------------------------------------------

def working_folders(site_dir: Path) -> tuple[Path, Path]:
    """Where `Update` keeps the site while it changes it, and the files it replaced."""
    return site_dir.with_name(f".{site_dir.name}-updating"), site_dir.with_name(f".{site_dir.name}-replaced")


def discard(folder: Path) -> None:
    """Delete a folder in the background (thousands of files are nobody's wait), under a name of
    its own first: a build may take its name again at once."""
    gone = folder.with_name(f".{folder.name.lstrip('.')}-gone-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(folder, gone)
    except FileNotFoundError:  # none, or gone meanwhile
        return
    # rm, not a Python interpreter: its start alone was 80 ms of CPU
    subprocess.Popen(["rm", "-rf", "--", str(gone)],
                     start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)  # or `mkdocs build | tail` waits for it


class Update:
    """The previous site changed into the new one: every file of `staging` (what this build made)
    moved into it, replacing the file of the same path, and the files the new site no longer has
    removed. The site is renamed to a working name first and back at the end, so a build killed
    midway leaves no site (the next build is a full one) rather than half of one; `undo` puts back
    every file replaced or removed."""

    def __init__(self, site: Path, staging: Path, removed: Iterable[str]):
        self.site, self.staging, self.removed = site, staging, removed
        self.work, self.aside = working_folders(site)
        self.started = False  # the site is under its working name
        self.moved: list[str] = []  # paths moved from staging
        self.replaced: list[str] = []  # paths whose previous file is in self.aside

    def apply(self) -> Path:
        """The new site, under its working name."""
        os.rename(self.site, self.work)
        self.started = True
        made = []
        for folder, _, names in os.walk(self.staging):
            made += [os.path.relpath(os.path.join(folder, name), self.staging) for name in names]
        for path in made:
            self._put_aside(path)
            os.renames(self.staging / path, self.work / path)
            self.moved.append(path)
        for path in set(self.removed).difference(made):
            self._put_aside(path)
        return self.work

    def _put_aside(self, path: str) -> None:
        if (self.work / path).is_file():
            os.renames(self.work / path, self.aside / path)  # and removes the folders it empties
            self.replaced.append(path)

    def undo(self) -> None:
        """The previous site as it was."""
        if not self.started:
            return
        for path in self.moved:
            os.remove(self.work / path)
        for path in self.replaced:
            os.renames(self.aside / path, self.work / path)
        for path in self.moved:  # the folders this build added
            try:
                os.removedirs((self.work / path).parent)
            except OSError:
                pass
        os.rename(self.work, self.site)
        discard(self.aside)

    def finish(self) -> None:
        os.rename(self.work, self.site)
        discard(self.aside)
