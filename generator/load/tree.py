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
- a picture whose first bytes are not its format's (an SVG named logo.png), whose header Pillow
  cannot read, or that is larger than a phone should load (_picture_problem).

Hidden entries (a name starting with "."; .gitkeep, .DS_Store, an editor's swap file or lock
link) are never read, followed or published, and not reported: refusing them would stop
`mkdocs serve` whenever an editor has a file open. But a hidden file named as content (.draft.md,
..md, offices/.x.yaml, .photo.jpg), or a hidden folder holding one, is what an officer may have
meant as content: it is reported, not dropped unsaid. An editor's own such files are left alone:
Emacs's lock (.#x.md, a link or a file) and the AppleDouble files macOS writes beside each file
on a USB stick (._x.md), neither of which an officer writes.

A file name becomes addresses (ideas/<name>/, the sitemap, the API), so a content file's name is
a slug, holds no personal number, and is not a number or "index": those are the addresses of a
listing's pages (teams/2/ is the second page of all teams; teams/index.md would be teams/ itself).
Refusing these names is simpler than moving every listing (teams/page/2/), and keeps the
addresses that ministries already link to. A name is at most NAME_LIMIT characters; an English
body's name (x.en.md) is the name of its Bengali file with ".en.md", never ".en.en.md"."""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image

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
# A file name becomes a folder and files of the site (ideas/<name>/, api/v1/ideas/<name>.json,
# redirects, …), each the name and a few characters; a file system takes 255 bytes a name, and a
# 251-character name stopped the build. 100 characters leave room for every suffix the site adds,
# and keep a clone on Windows (whose paths are 260 characters at most) under its limit from
# C:\Users\<name>\Documents\GitHub\innobank\content\ideas\; an address of 100 characters is
# still one a person can read out. The longest name of the bank today is under 60.
NAME_LIMIT = 100
# A picture a phone's page loads: the file is fetched over a mobile connection, then decoded at
# 4 bytes a pixel. 5 MB takes a phone camera's photo (12 MP, 2–4 MB as JPEG) as it is; 4096 pixels
# on the long side takes it too (4032×3024), and is at most 16.8 million pixels, 64 MB decoded,
# which a cheap phone's browser can hold beside the page (a 20000×20000 picture, 48 KB as PNG,
# needs 1.6 GB, and crashes it). Only the header is read: a picture is never decoded here, and its
# size is read without Image.open (which refuses from 179 million pixels, but with no size).
PICTURE_BYTES = 5 * 1024 * 1024
PICTURE_SIDE = 4096
# Hidden names an editor or a system writes, never an officer (see the docstring): Emacs's lock
# files and macOS's AppleDouble files.
_TOOLS = (".#", "._")
_PICTURE_SUFFIXES = tuple(f".{kind}" for kind in _MAGIC)
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
    for entry in _entries(root, tree.problems):
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
    if len(slug) > NAME_LIMIT:
        return Problem.of(shown_path(path), 1, 1, "", "long_file_name", length=len(slug), limit=NAME_LIMIT)
    if slug.isdigit() or slug == "index":
        return Problem.of(shown_path(path), 1, 1, "", "reserved_name", value=slug, example=_EXAMPLES[kind])
    return None


def _entries(folder: Path, problems: list[Problem]) -> list[os.DirEntry]:
    """The folder's entries by name, hidden ones left out (a problem for each hidden one named
    as content: _hidden); none when it is missing."""
    try:
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    problems.extend(filter(None, map(_hidden, (e for e in found if e.name.startswith(".")))))
    return [e for e in found if not e.name.startswith(".")]


def _hidden(entry: os.DirEntry) -> Problem | None:
    """A problem for a hidden file named as content or a picture, or a hidden folder holding one
    (anywhere inside: found from the folders' listings, no file is opened and no link followed).
    Links, and the names only tools write (_TOOLS), are left alone."""
    if entry.name.startswith(_TOOLS) or entry.is_symlink():
        return None
    if entry.is_file(follow_symlinks=False):
        if entry.name.endswith(SUFFIXES + _PICTURE_SUFFIXES):
            return Problem.of(shown_path(Path(entry.path)), 1, 1, "", "hidden_file")
    elif entry.is_dir(follow_symlinks=False):
        for _, _, names in os.walk(entry.path):  # os.walk follows no link
            named = sorted(n for n in names if n.endswith(SUFFIXES + _PICTURE_SUFFIXES) and not n.startswith(_TOOLS))
            if named:
                return Problem.of(shown_path(Path(entry.path)), 1, 1, "", "hidden_folder", example=named[0])
    return None


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
    for entry in _entries(folder, problems):
        path, what = folder / entry.name, _what(entry)  # a third less than Path(entry.path)
        if what == "file" and entry.name.endswith(".en.en.md"):  # not an English body: its file is x.en.md
            problems.append(Problem.of(shown_path(path), 1, 1, "", "double_suffix", suffix=".en.en.md"))
        elif what == "file" and entry.name.endswith(SUFFIXES):
            files.append(path)
        elif what == "file":
            problems.append(Problem.of(shown_path(path), 1, 1, "", "not_content_file"))
        else:
            problems.append(_refused(path, what))
    return files


def _pictures(folder: Path, tree: Tree) -> None:
    for entry in _entries(folder, tree.problems):
        path, what = folder / entry.name, _what(entry)
        if what != "file":
            tree.problems.append(_refused(path, what))
            continue
        shown = shown_path(path)
        if personal_data(entry.name.rsplit(".", 1)[0]):
            tree.problems.append(Problem.of(shown, 1, 1, "", "personal_file_name"))
        elif not re.fullmatch(MEDIA_NAME, entry.name):
            tree.problems.append(Problem.of(shown, 1, 1, "", "media_file"))
        else:
            try:
                wrong = _picture_problem(path, shown, entry.name.rsplit(".", 1)[-1])
            except OSError as error:
                wrong = unreadable(shown, error)
            if wrong is None:
                tree.media.add(f"{MEDIA}/{entry.name}")
            else:
                tree.problems.append(wrong)


def _picture_problem(path: Path, shown: str, kind: str) -> Problem | None:
    """What is wrong with a picture, from its size and header: not its format's first bytes, a
    header Pillow cannot read, more bytes or pixels than a phone's page should load. The file is
    opened only if it still is a regular file, not a link."""
    fd, info = open_regular(path)
    with os.fdopen(fd, "rb") as file:
        if not _MAGIC[kind].match(file.read(12)):
            return Problem.of(shown, 1, 1, "", "image_content", kind=kind.upper())
        if info.st_size > PICTURE_BYTES:
            return Problem.of(shown, 1, 1, "", "image_bytes", size=-(-info.st_size // 1024),
                              limit=PICTURE_BYTES // 1024, megabytes=PICTURE_BYTES // (1024 * 1024))
        file.seek(0)
        size = _SIZE[kind](file)
        if size is None or (kind == "png" and max(size) <= PICTURE_SIDE and not _pillow_reads_png(file)):
            return Problem.of(shown, 1, 1, "", "image_content", kind=kind.upper())
    if max(size) > PICTURE_SIDE:
        return Problem.of(shown, 1, 1, "", "image_pixels", width=size[0], height=size[1], limit=PICTURE_SIDE)
    return None


def _pillow_reads_png(file) -> bool:
    """Whether Pillow reads the PNG's header (Image.open decodes nothing; a JPEG's size is
    Pillow's reading already). Asked only of a picture within PICTURE_SIDE: far below the sizes
    Pillow's own guard against decompression bombs warns of (89 million pixels)."""
    file.seek(0)
    try:
        with Image.open(file, formats=["PNG"]):
            return True
    except Exception:  # Pillow's parsers raise many kinds (SyntaxError, struct.error, …) on a broken header
        return False


def _png_size(file) -> tuple[int, int] | None:
    """A PNG's width and height, from its first chunk (IHDR)."""
    head = file.read(24)
    return struct.unpack(">II", head[16:24]) if len(head) == 24 and head[12:16] == b"IHDR" else None


def _jpeg_size(file) -> tuple[int, int] | None:
    """A JPEG's width and height, as Pillow's JPEG plugin reads its header (the segments to the
    first scan; nothing is decoded), or None when it cannot. The plugin itself, not Image.open,
    whose guard against decompression bombs refuses a large picture without saying its size.
    (Stripping a JPEG's metadata walks its segments: generator/media.py.)"""
    from PIL import JpegImagePlugin  # here, as Image.open would: it imports subprocess, which no start waits for

    try:
        with JpegImagePlugin.JpegImageFile(file) as image:
            return image.size
    except Exception:  # Pillow's parsers raise many kinds (SyntaxError, struct.error, …) on a broken header
        return None


def _webp_size(file) -> tuple[int, int] | None:
    """A WebP's width and height, from the first chunk's header (the WebP container spec). Not
    asked of Pillow: its Image.open of a WebP makes a decoder that takes the memory of the whole
    canvas at once."""
    head = file.read(30)
    if len(head) < 30:
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":  # canvas width and height less one, 24 bits each
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":  # a key frame: 14-bit width and height
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    if chunk == b"VP8L" and head[20] == 0x2F:  # lossless: 14 bits each, less one
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


_SIZE = {"png": _png_size, "jpg": _jpeg_size, "jpeg": _jpeg_size, "webp": _webp_size}
