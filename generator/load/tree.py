"""What content/ may hold, decided from directory entries alone.

content/ holds four folders: ideas/ and teams/ (.md files), offices/ (.yaml files) and media/
(PNG, JPEG and WebP pictures, no folders). Everything else is a problem naming the file, and is
neither read by the loader nor published (the plugin takes from content/ only the pictures
accepted here):

- a symbolic link, anywhere: a file (to /etc/passwd or /proc/self/environ it would publish the
  machine's files; to /dev/zero it would never finish copying), a folder (content/ideas → /etc
  would be read as content), content/ itself, even a link that points inside. Entries are judged
  by lstat, so a link is never opened or followed;
- a device, pipe or socket (opening a pipe waits for ever);
- any other file or folder: an .svg, .html or .js, or a stray content/pwn.md, would be served
  from the site's own origin as it is. SVG is refused, not made inert: a picture format that can
  carry script is not worth sanitising. The home page is generated, so no top-level .md is needed;
- a picture whose first bytes are not its format's (an SVG named logo.png).

Hidden entries (a name starting with "."; .gitkeep, .DS_Store, an editor's swap file or lock
link) are never read, followed or published, and not reported: refusing them would stop
`mkdocs serve` whenever an editor has a file open.

A file name becomes addresses (ideas/<name>/, the sitemap, the API), so a content file's name is
a slug, holds no personal number, and is not a number or "index": those are the addresses of a
listing's pages (teams/2/ is the second page of all teams; teams/index.md would be teams/ itself).
Refusing these names is simpler than moving every listing (teams/page/2/), and keeps the
addresses that ministries already link to."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..model import KINDS
from ..model.common import SLUG
from ..model.idea import MEDIA_NAME
from .checks import personal_data
from .problems import Problem
from .source import open_regular, unreadable

SUFFIXES = (".md", ".yaml", ".yml")
MEDIA = "media"
# The first bytes of each picture format (PNG signature, JPEG SOI marker, RIFF container of WebP).
_MAGIC = {"png": re.compile(rb"\x89PNG\r\n\x1a\n"), "jpg": re.compile(rb"\xff\xd8\xff"),
          "jpeg": re.compile(rb"\xff\xd8\xff"), "webp": re.compile(rb"RIFF....WEBP", re.DOTALL)}
_SLUG = re.compile(SLUG)
_EXAMPLES = {"ideas": "online-leave-approval", "teams": "lgd-innovation-team", "offices": "dc-munshiganj"}


@dataclass
class Tree:
    files: dict[str, list[Path]] = field(default_factory=lambda: {kind: [] for kind in KINDS})  # by name
    media: set[str] = field(default_factory=set)  # "media/<name>" of every picture the site may publish
    problems: list[Problem] = field(default_factory=list)


def shown_path(path: Path) -> str:
    """The path as problems print it: relative to the working folder (one relpath per folder)."""
    return shown_in(os.path.dirname(path)) + path.name


def english_of(path: Path) -> Path:
    """An innovation's or team's English body file, beside its Bengali one: x.md → x.en.md."""
    return path.with_name(path.name[: -len(".md")] + ".en.md")


@lru_cache(maxsize=None)
def shown_in(folder: str) -> str:
    """What shown_path puts before the name of a file in this folder: nothing, or the folder
    relative to the working folder and a separator."""
    try:
        shown = os.path.relpath(folder)
    except ValueError:
        shown = folder
    return "" if shown in (".", "") else os.path.join(shown, "")


def scan(root: Path) -> Tree:
    """The content files of each folder, the pictures of media/, and a problem for everything else."""
    shown_in.cache_clear()  # the working folder may have changed since the last scan
    tree = Tree()
    if os.path.islink(root):
        tree.problems.append(Problem.of(shown_path(root), 1, 1, "", "symlink"))
        return tree
    for entry in _entries(root):
        path, what = Path(entry.path), _what(entry)
        if what == "folder" and entry.name in KINDS:
            tree.files[entry.name] = _content_files(path, tree.problems)
        elif what == "folder" and entry.name == MEDIA:
            _pictures(path, tree)
        else:
            tree.problems.append(_refused(path, what))
    return tree


def linked_folders(root: Path) -> list[Problem]:
    """Every link to a folder anywhere under root, hidden ones included. A listing that follows
    links (`mkdocs serve`'s watcher polling content/) would grow without end on two links back to
    their own folder: the build must stop before it starts. Checked on every build and rebuild: an
    os.walk of the folders, not of the files' contents."""
    found = []
    for folder, folders, _ in os.walk(root):  # os.walk does not follow links itself
        found.extend(_refused(Path(folder, name), "link") for name in folders if os.path.islink(os.path.join(folder, name)))
    return found


def name_problem(path: Path, kind: str, slug: str) -> Problem | None:
    """What is wrong with a content file's name (without its suffix), if anything."""
    if personal_data(slug):
        return Problem.of(shown_path(path), 1, 1, "", "personal_file_name")
    if not _SLUG.match(slug):
        return Problem.of(shown_path(path), 1, 1, "", "file_name", example="online-leave-approval")
    if slug.isdigit() or slug == "index":
        return Problem.of(shown_path(path), 1, 1, "", "reserved_name", value=slug, example=_EXAMPLES[kind])
    return None


def _entries(folder: Path) -> list[os.DirEntry]:
    """The folder's entries by name, hidden ones left out; none when it is missing."""
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _what(entry: os.DirEntry) -> str:
    """The entry's kind (link, folder, file or special), from the entry itself: a link is not followed."""
    if entry.is_symlink():
        return "link"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    return "file" if entry.is_file(follow_symlinks=False) else "special"


def _refused(path: Path, what: str) -> Problem:
    code = {"link": "symlink", "special": "special_file"}.get(what, "not_in_content")
    return Problem.of(shown_path(path), 1, 1, "", code)


def _content_files(folder: Path, problems: list[Problem]) -> list[Path]:
    files = []
    for entry in _entries(folder):
        path, what = folder / entry.name, _what(entry)  # a third less than Path(entry.path)
        if what == "file" and entry.name.endswith(SUFFIXES):
            files.append(path)
        elif what == "file":
            problems.append(Problem.of(shown_path(path), 1, 1, "", "not_content_file"))
        else:
            problems.append(_refused(path, what))
    return files


def _pictures(folder: Path, tree: Tree) -> None:
    for entry in _entries(folder):
        path, what = folder / entry.name, _what(entry)
        if what != "file":
            tree.problems.append(_refused(path, what))
            continue
        shown, kind = shown_path(path), entry.name.rsplit(".", 1)[-1]
        if personal_data(entry.name.rsplit(".", 1)[0]):
            tree.problems.append(Problem.of(shown, 1, 1, "", "personal_file_name"))
        elif not re.fullmatch(MEDIA_NAME, entry.name):
            tree.problems.append(Problem.of(shown, 1, 1, "", "media_file"))
        else:
            try:
                head = _head(path)
            except OSError as error:
                tree.problems.append(unreadable(shown, error))
                continue
            if _MAGIC[kind].match(head):
                tree.media.add(f"{MEDIA}/{entry.name}")
            else:
                tree.problems.append(Problem.of(shown, 1, 1, "", "image_content", kind=kind.upper()))


def _head(path: Path) -> bytes:
    """A picture's first 12 bytes; the file is opened only if it still is a regular file, not a link."""
    fd, _ = open_regular(path)
    try:
        return os.read(fd, 12)
    finally:
        os.close(fd)
