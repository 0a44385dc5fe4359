"""Which content files content/ holds: each one paired with its English body, the problems of
their names (load.tree's of the folders' entries), and, for `mkdocs serve`, what its file watcher
reported changed since the last load (`Watched`): a load told that reads again only the files
reported, and lists no folder, unless it cannot be sure that is all that changed."""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .problems import Problem
from .tree import name_problem, scan, shown_in, shown_path


@dataclass
class Listing:
    files: list[tuple[str, str, Path, str, Path | None]] = field(default_factory=list)  # kind, slug, path, shown, English path
    media: set[str] = field(default_factory=set)  # "media/<name>" of every picture the site may publish
    problems: list[Problem] = field(default_factory=list)  # of the folders' entries and the files' names

    @cached_property
    def owners(self) -> dict[str, Path]:
        """Each listed file's absolute path (English bodies' too) → the content file it belongs to."""
        owners = {}
        for _, _, path, _, english in self.files:
            owners[os.path.abspath(path)] = path
            if english is not None:
                owners[os.path.abspath(english)] = path
        return owners

    def touched(self, changed: set[str]) -> set[Path] | None:
        """The content files to read again when these paths (absolute) changed: those with a
        changed file (itself or its English body). None when a path is none of the listed files',
        or no longer a regular file: a file came or went, or was replaced by a link; a picture
        changed (load.tree looks at its first bytes); the folders are to be listed again."""
        touched = set()
        for name in changed:
            path = self.owners.get(name)
            try:
                if path is None or not stat.S_ISREG(os.lstat(name).st_mode):
                    return None
            except OSError:
                return None
            touched.add(path)
        return touched


def list_content(root: Path) -> Listing:
    """Every content file of content/ under root whose name is right, once; a problem for each
    other entry, wrong name, second file of a slug and English body without its file. (The
    workers start after this: each file's name is taken once, and the path problems print is
    its folder's, made once, and its name, as shown_path makes it.)"""
    tree = scan(root)
    listing = Listing(media=tree.media, problems=list(tree.problems))
    for kind in ("offices", "teams", "ideas"):
        paths = tree.files[kind]
        names = [path.name for path in paths]
        folder = shown_in(os.path.dirname(paths[0])) if paths else ""  # "content/ideas/"
        english = {name[: -len(".en.md")]: path for name, path in zip(names, paths) if name.endswith(".en.md")}
        taken: dict[str, str] = {}  # slug → the file that has it, valid or not
        for name, path in zip(names, paths):
            if name.endswith(".en.md"):
                continue
            slug = name.rsplit(".", 1)[0]
            wrong = name_problem(path, kind, slug)
            if wrong:
                listing.problems.append(wrong)
                continue
            shown = folder + name
            if slug in taken:
                listing.problems.append(Problem.of(shown, 1, 1, "", "duplicate_slug", other=taken[slug]))
                continue
            taken[slug] = shown
            listing.files.append((kind, slug, path, shown, english.pop(slug, None)))
        for slug, path in english.items():
            if not (path.with_name(slug + ".md")).exists():
                listing.problems.append(Problem.of(shown_path(path), 1, 1, "", "orphan_english", base=slug + ".md"))
    return listing


class Watched:
    """content/ as the last load listed it, and the paths a file watcher reported changed since
    (from the watcher's thread). Until `watching`, and after `unsure`, nothing is known of what
    changed: the next load lists the folders and compares every file with the state it was read
    in; from that load on, the watcher's reports are all there is to look at."""

    def __init__(self, root: Path):
        self.root = os.path.abspath(root)
        self.listing: Listing | None = None
        self._lock = threading.Lock()
        self._changed: set[str] | None = None  # None: not known
        self._watching = False

    def watching(self) -> None:
        """A watcher reports every change under root from now on."""
        self._watching = True

    def changed(self, path: str, folder: bool = False) -> None:
        """A file (or folder) under root was changed, added, removed or renamed. Hidden entries
        are never read (load.tree); a folder that came or went has its folders listed again."""
        path = os.path.abspath(path)
        relative = os.path.relpath(path, self.root)
        if relative.startswith("..") or any(part.startswith(".") for part in relative.split(os.sep) if part != "."):
            return
        with self._lock:
            if folder:
                self._changed = None
            elif self._changed is not None:
                self._changed.add(path)

    def unsure(self) -> None:
        """Something may have changed that was not reported: the next load looks at everything."""
        with self._lock:
            self._changed = None

    def take(self) -> set[str] | None:
        """The paths reported changed since the last take (None: not known), and a fresh start."""
        with self._lock:
            changed, self._changed = self._changed, (set() if self._watching else None)
        return changed
