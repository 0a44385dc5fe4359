"""Site search: Pagefind indexes the built HTML after MkDocs writes it. It keeps one index per
`<html lang>` (Bengali words are indexed whole, without stemming), splits it into small chunks,
and the browser loads only the chunks a query needs. Pages opt in with `data-pagefind-body`.
Pagefind files a word under its letters without vowel signs (সেবা and সব share a key), so
theme/assets/javascripts/search.js checks each result's text for the words asked for; and it runs
adjacent elements' text together unless whitespace separates them, so the templates keep it.

Pagefind holds a whole index in memory while it writes it, about 210 KB for each Bengali page: a
language of 12,000 pages took 2.6 GB. So each language is indexed in shards of at most
SHARD_PAGES pages, two Pagefind processes at a time, and the browser merges a language's shards
at query time (Pagefind's mergeIndex). A page's shard follows from its path alone (see `shards`),
and a shard's bundle from its pages' search keys alone (`bytes_key`; a page made again keeps its
key while Pagefind reads the same of it, `page_key`), so a shard whose pages did not change for
search can be copied from a cache instead of indexed again."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable

from .json_text import dumps

log = logging.getLogger("mkdocs.plugins.innobank")


SEARCHED = ("ideas", "teams", "offices", "showcase")  # the folders of pages readers search
SHARD_PAGES = 2000      # pages of one Pagefind process: about 420 MB of memory at Bengali page sizes
PROCESSES = 2           # Pagefind processes at once (the build machine has 2 cores)
CHUNK_LOCATIONS = 20000  # Pagefind's index chunk size (word locations) for a whole language
SHARDS_FILE = "shards.json"  # in site/pagefind: the merged shards of each language, for search.js
ONE_AT_A_TIME = threading.Lock()  # `mkdocs serve` indexes in the background after each edit


def pagefind() -> str:
    """Pagefind 1.6, which `make` installs from npm into the virtual environment's bin. From 1.6,
    Pagefind counts a word's vowel-sign variants when it splits the index into chunks (Pagefind
    PR #1316); before, nearly every Bengali word counted as empty, and a first Bengali search at
    10,000 innovations loaded a 500 KB chunk. PyPI's pagefind-bin (1.5.2) is the fallback."""
    return shutil.which("pagefind", path=os.path.dirname(sys.executable)) or str(get_executable())


@dataclass(frozen=True)
class Shard:
    """Pages of one language whose path hashes begin with `prefix` (bits; "" for all of them)."""
    lang: str
    prefix: str
    pages: tuple[str, ...]  # paths under site/, sorted

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.prefix}" if self.prefix else self.lang

    @property
    def chunk_locations(self) -> int:
        """Pagefind's chunk size for a whole language; for 1/2^d of it, 2/2^d of that. Every shard
        loads the chunks that hold a query's words, so smaller shards need smaller chunks, but each
        chunk adds a line to its shard's metadata, which the first search loads whole. At 10,000
        innovations (8 shards a language) 5,000 locations made the lightest first search: 248 KB
        in Bengali, 263 KB in English, against 250/337 KB with 2,500 and 294/274 KB with 10,000."""
        return min(CHUNK_LOCATIONS, 2 * CHUNK_LOCATIONS >> len(self.prefix))


def _bits(path: str) -> str:
    return format(int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big"), "064b")


def shards(lang: str, pages: list[str], root: str, limit: int) -> list[Shard]:
    """A language's pages split in two by the next bit of the hash of their path under the
    language's root (ideas/x/index.html in both languages) until each part holds at most `limit`:
    a page stays in its shard while pages are added, edited or removed elsewhere, and only a shard
    that outgrows the limit splits (its pages move to its two halves). Empty parts are left out."""
    keyed = sorted((_bits(page[len(root):]), page) for page in pages)

    def split(prefix: str, part: list[tuple[str, str]]) -> list[Shard]:
        if len(part) <= limit or len(prefix) == 64:
            return [Shard(lang, prefix, tuple(sorted(page for _, page in part)))] if part else []
        return [shard for bit in "01" for shard in split(prefix + bit, [p for p in part if p[0][len(prefix)] == bit])]

    return split("", keyed)


def _root(lang: str, languages: tuple[str, ...]) -> str:
    return "" if lang == languages[0] else f"{lang}/"


def searched(path: str, languages: tuple[str, ...]) -> bool:
    """Whether a page (its path under site/) is in a folder readers search (asked of every page of
    the site on a deploy: one look through the folders, not a string made for each)."""
    return path.startswith(_searched_folders(languages))


@cache
def _searched_folders(languages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{_root(lang, languages)}{folder}/" for lang in languages for folder in SEARCHED)


def searched_pages(site_dir: Path, root: str, known: dict[str, bytes | None] | None = None,
                   keyed: bool = True, listed: Iterable[str] | None = None) -> dict[str, bytes | None]:
    """The pages under a language's root, as paths under site_dir, each with its page_key (None
    for a page that does not opt in to search). `known`: the keys of pages whose bytes are those
    they were computed from (the plugin's: pages it rendered, or took unchanged from the last
    site), not read again. Not `keyed`: only whether a page opts in (b"" when it does). `listed`:
    the site's files, when the caller knows them (a deploy's plugin does: walking some 25,000
    folders costs seconds at 10,000 innovations)."""
    known = known or {}
    folders = tuple(f"{root}{folder}/" for folder in SEARCHED)
    if listed is None:
        listed = _walked(site_dir, folders)
    found = {}
    for page in listed:
        if not page.endswith(".html") or not page.startswith(folders):
            continue
        if page in known:
            found[page] = known[page]
        else:
            html = (site_dir / page).read_bytes()
            found[page] = page_key(html) if keyed else b"" if _opts_in(html) else None
    return found


def _walked(site_dir: Path, folders: tuple[str, ...]) -> Iterator[str]:
    for folder in folders:
        for where, _, names in os.walk(site_dir / folder):
            prefix = os.path.relpath(where, site_dir).replace(os.sep, "/") + "/"
            yield from (prefix + name for name in names)


def _opts_in(html: bytes) -> bool:
    """Whether a tag of the page has data-pagefind-body (not merely a text that says it)."""
    at = html.find(b" data-pagefind-body")
    while at != -1:
        if html.rfind(b"<", 0, at) > html.rfind(b">", 0, at) and html[at + 19:at + 20] in (b">", b" ", b"=", b"/"):
            return True
        at = html.find(b" data-pagefind-body", at + 1)
    return False


# ---- what Pagefind reads of a page ---------------------------------------------------------------
# Pagefind (src/fossick/parser.rs, the same in this respect from 1.3 to 1.6) reads the text and the
# tags inside a page's data-pagefind-body element, but for those inside a data-pagefind-ignore
# element (and nav, footer, script…). Outside them it reads only: the text of an element with a
# data-pagefind-meta, -filter, -sort or -default-meta attribute, of an <h1> (its default title) and
# of <title>; any tag's data-pagefind-* attributes; <html lang>; an <img>'s src and alt (its
# default image); a <script> or <link> that names an old Pagefind; and the page's address. So a
# page's search key digests all of that as it is, and nothing else: a change to an innovation's
# title that an office page lists inside data-pagefind-ignore, or to a link check, leaves the
# office's search shard as it was. A page whose elements do not nest plainly (an end tag that closes
# another element, an element left open, a non-void element that says it closes itself outside SVG,
# a data-pagefind-body inside an ignored element, an attribute in capitals) could be read otherwise
# by Pagefind, and is digested whole.

_ATTRIBUTES = rb"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+"""  # a quoted value may hold ">"
_RAW = rb"(?:script|style|textarea|title|xmp|iframe|noembed|noframes)"  # elements whose text holds no tags
# A page split into text, then for each tag: the tag (a comment, a doctype and a raw-text element
# with its text are one), "/" for an end tag, its name and its attributes; and so on.
_TAGS = re.compile(rb"(<!--.*?-->|<![^>]*>|<\?[^>]*>|<" + _RAW + rb"\b" + _ATTRIBUTES + rb">.*?</" + _RAW + rb"\s*>"
                   rb"|<(/?)([A-Za-z][^\s/>]*+)(" + _ATTRIBUTES + rb")>)", re.S | re.I)
_RAW_ELEMENT = re.compile(rb"<([A-Za-z]+)(" + _ATTRIBUTES + rb")>(.*)</\1\s*>\Z", re.S | re.I)
_MARKS = re.compile(rb"\sdata-pagefind-(body|ignore|meta|filter|sort|default-meta)(?![^\s=/>])")
_VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
_BODY, _IGNORED, _READ, _FOREIGN = 1, 2, 4, 8  # a text's place: bits of its element's state
_MARKED = {b"body": _BODY, b"ignore": _IGNORED}  # the other marks: _READ
_ALWAYS_READ = frozenset((b"html", b"img", b"link", b"script"))  # their tags wherever they are
# whether Pagefind reads a text in each state: marked read, or in a body and not ignored
_READS = tuple(bool(state & _READ) or state & (_BODY | _IGNORED) == _BODY for state in range(16))


def page_key(html: bytes) -> bytes | None:
    """A digest of what Pagefind reads of a page (see above); None when the page does not opt in."""
    if not _opts_in(html):
        return None
    digest = hashlib.sha256()
    read = _read_by_pagefind(html)
    if read is None:
        digest.update(b"whole\0" + html)
    else:
        for part in read:
            digest.update(b"%d\0" % len(part) + part)
    return digest.digest()


def bytes_key(html: bytes) -> bytes | None:
    """A digest of the whole page; None when the page does not opt in. A search key that changes
    whenever the page does, at a fiftieth of page_key's CPU (page_key is about 1 ms a page: 20 s
    over the 22,000 searched pages of 10,000 innovations): a build keys the pages it makes so, but
    for a page made again that Pagefind reads as it read the one it replaces, which keeps its key
    (generator/plugin.py, `_search_key`)."""
    return hashlib.sha256(b"page\0" + html).digest() if _opts_in(html) else None


def _read_by_pagefind(html: bytes) -> list[bytes] | None:
    """What Pagefind may read of a page, tags and text (see above); None when the page cannot be
    split so. Run on every page a build writes: the loop does as little as it can for a tag."""
    if html.count(b"data-pagefind") != html.lower().count(b"data-pagefind"):
        return None  # an attribute in capitals
    parts = _TAGS.split(html)
    kept: list[bytes] = []
    keep = kept.append
    stack: list[tuple[bytes, int]] = []  # (name, the state outside it)
    state = 0  # of the text at this point
    read = False  # whether Pagefind reads the text at this point: _READS[state]
    for at in range(0, len(parts) - 1, 5):
        text, tag, end, name = parts[at], parts[at + 1], parts[at + 2], parts[at + 3]
        if read and text:
            keep(text)
        if name is None:  # a comment, a doctype, a raw-text element
            raw = None if tag[1] in b"!?" else _RAW_ELEMENT.match(tag)
            if raw is None:
                if read:
                    keep(tag)
                continue
            if b"data-pagefind" in raw[2]:
                return None
            element = raw[1].lower()
            if read or element == b"script":
                keep(tag[:raw.start(3)] + tag[raw.end(3):])
            if read or element == b"title":
                keep(raw[3])
            continue
        if not name.islower():
            name = name.lower()
        if end:
            if not stack or stack[-1][0] != name:
                return None
            if read:
                keep(tag)
            state = stack.pop()[1]
            read = _READS[state]
            continue
        if read or name in _ALWAYS_READ or b"data-pagefind" in tag:
            keep(tag)
        if name in _VOID:
            continue
        attributes = parts[at + 4]
        if attributes.endswith(b"/"):
            if state & _FOREIGN:
                continue
            return None
        inner = state
        if b"data-pagefind-" in attributes:
            marks = _MARKS.findall(attributes)
            if b"body" in marks and state & _IGNORED:
                return None
            for mark in marks:
                inner |= _MARKED.get(mark, _READ)
        if name == b"h1":
            inner |= _READ
        elif name == b"svg" or name == b"math":
            inner |= _FOREIGN
        stack.append((name, state))
        state = inner
        read = _READS[state]
    if stack:
        return None
    if parts[-1] and read:
        kept.append(parts[-1])
    return kept


def _key(shard: Shard, keys: dict[str, bytes | None], version: str) -> str:
    """What a shard's bundle is made from: its pages (paths and search keys), Pagefind and its chunk size."""
    key = hashlib.sha256(json.dumps([version, shard.chunk_locations]).encode())
    for page in shard.pages:
        key.update(page.encode("utf-8") + b"\0" + keys[page])
    return key.hexdigest()


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _index(shard: Shard, where: Callable[[str], Path], work: Path, remove: Callable[[Path], None] | None = _remove,
           output: Path | None = None) -> Path:
    """Pagefind over the shard's pages alone (hard links in a folder of their own, each page's
    file where(page), then given to `remove`, or left in `work` for its owner); the bundle, in
    `output` (a folder not there yet), else in `work`."""
    stage, output = work / f"pages-{shard.name}", output or work / f"bundle-{shard.name}"
    for page in shard.pages:
        (stage / page).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(where(page), stage / page)
        except OSError:
            shutil.copyfile(where(page), stage / page)
    env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=str(shard.chunk_locations))
    result = subprocess.run([pagefind(), "--site", str(stage), "--output-path", str(output), "--quiet"],
                            capture_output=True, text=True, env=env)
    if remove is not None:
        remove(stage)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index the {len(shard.pages)} pages of search shard {shard.name} "
                          f"(from {shard.pages[0]} to {shard.pages[-1]}) in {where(shard.pages[0]).parent}:\n"
                          f"{result.stdout}{result.stderr}")
    return output


def index_site(site_dir: Path, languages: tuple[str, ...], cache: Path | None = None,
               known: dict[str, bytes | None] | None = None, listed: Iterable[str] | None = None,
               ahead: set[str] = frozenset(), remove: Callable[[Path], None] = _remove) -> dict[str, bytes | None]:
    """Index the searched pages of these languages into site_dir/pagefind, shard by shard. With a
    cache folder, a shard whose pages' search keys and Pagefind are unchanged since a build that
    used the same cache is copied from it; the cache keeps only this build's shards. `known`: the
    search keys of pages not to read again, `listed`: the site's files (searched_pages); `ahead`:
    the bundles index_ahead made for this build (counted as indexed); `remove`: how a bundle the
    cache no longer keeps is removed. Returns every searched page's key."""
    with ONE_AT_A_TIME:
        return _index_site(site_dir, languages, cache, known, listed, ahead, remove)


def _version() -> str:
    return subprocess.run([pagefind(), "--version"], capture_output=True, text=True).stdout.strip()


def _plan(lang: str, root: str, found: dict[str, bytes | None], version: str, site_dir: Path) -> list[tuple[Shard, str]]:
    """A language's shards, each with the key of its bundle in the cache, from its pages' search keys."""
    opted = {page: key for page, key in found.items() if key is not None}
    if not opted:
        raise PluginError(f"No page under {site_dir / root} in {', '.join(SEARCHED)} has data-pagefind-body: "
                          f"there is nothing to search in {lang}, and Pagefind cannot make an empty index.")
    return [(shard, _key(shard, opted, version)) for shard in shards(lang, list(opted), root, SHARD_PAGES)]


@contextmanager
def _cache_entry(cache: Path, key: str) -> Iterator[Path]:
    """A folder to fill for the cache's entry `key`, put in its place whole once filled: one that
    fails is removed, and another build's entry for the same shard, there meanwhile, stays."""
    cache.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=".new-", dir=cache))
    try:
        yield new / "bundle"
        with suppress(OSError):
            (new / "bundle").rename(cache / key)
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _into_cache(output: Path, cache: Path, key: str) -> None:
    with _cache_entry(cache, key) as entry:
        shutil.copytree(output, entry, copy_function=_link)


def index_ahead(keys: dict[str, bytes | None], where: Callable[[str], Path], languages: tuple[str, ...],
                cache: Path, work: Path) -> set[str]:
    """Index into the cache the shards whose pages changed, while the rest of the site is still
    being made: a deploy's pages are rendered before its other files (the whole-bank downloads, the
    API), and the build's index_site then takes these bundles from the cache. keys: the search key
    of every page of the new site in SEARCHED's folders; where(page): its file; `work`: a folder the
    caller removes with all it holds (the pages linked for Pagefind: a folder each, which took 1.5 s
    to remove at 10,000 innovations). Shards are indexed PROCESSES at a time, as index_site does (an
    edit that changes what two shards' pages show, a title on an office's page, say, waited for one
    Pagefind after the other). The cache keys of the bundles made."""
    version, todo = _version(), []
    for lang in languages:
        root = _root(lang, languages)
        found = searched_pages(work, root, known=keys, listed=keys)  # every key known: no page is read
        todo += [(shard, key) for shard, key in _plan(lang, root, found, version, work) if not (cache / key).is_dir()]

    def make(item: tuple[Shard, str]) -> str:
        shard, key = item
        with _cache_entry(cache, key) as entry:  # Pagefind writes it there: no copy to link and delete
            _index(shard, where, work, remove=None, output=entry)
        return key

    with ThreadPoolExecutor(PROCESSES) as pool:
        return set(pool.map(make, todo))


def _index_site(site_dir: Path, languages: tuple[str, ...], cache: Path | None,
                known: dict[str, bytes | None] | None, listed: Iterable[str] | None,
                ahead: set[str] = frozenset(), remove: Callable[[Path], None] = _remove) -> dict[str, bytes | None]:
    version = _version()
    plan, keys = [], {}
    for lang in languages:
        root = _root(lang, languages)
        found = searched_pages(site_dir, root, known, keyed=cache is not None, listed=listed)
        keys.update(found)
        plan += _plan(lang, root, found, version, site_dir)
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir) as temporary:
        work = Path(temporary)

        def bundle(item: tuple[Shard, str]) -> tuple[Path, bool]:
            """The shard's bundle, and whether it is this build's own (to move, not copy)."""
            shard, key = item
            if cache is not None and (cache / key).is_dir():
                return cache / key, False
            output = _index(shard, lambda page: site_dir / page, work)
            if cache is not None:
                _into_cache(output, cache, key)
            return output, True

        with ThreadPoolExecutor(PROCESSES) as pool:
            bundles = list(pool.map(bundle, plan))
        target = work / "pagefind"
        merged: dict[str, list[str]] = {lang: [] for lang in languages}
        firsts = {}  # each language's first shard: merged into the bundle's root, whose scripts run
        for (shard, _), (source, _) in zip(plan, bundles):
            firsts.setdefault(shard.lang, source)
        previous = site_dir / "pagefind"  # an earlier build's index (a deploy's), whose unchanged shards stay
        kept = _keep_root(previous, firsts, target)
        for (shard, _), (source, own) in zip(plan, bundles):
            if firsts[shard.lang] is source:
                if not kept:
                    (_merge if target.exists() else _place)(source, target, own)
                continue
            merged[shard.lang].append(shard.name)
            placed = (target if kept else previous) / shard.name
            if _same_bundle(placed, source):
                if not kept:
                    placed.rename(target / shard.name)
                continue
            shutil.rmtree(target / shard.name, ignore_errors=True)
            _place(source, target / shard.name, own)
            for extra in (target / shard.name).iterdir():  # the browser runs the first shard's scripts
                if extra.is_file() and not extra.name.endswith((".pf_meta", "-entry.json")):
                    extra.unlink()
        names = {name for shards_of in merged.values() for name in shards_of}
        for folder in target.iterdir():  # a shard the previous index had, this one not
            if (folder / ENTRY).is_file() and folder.name not in names:
                shutil.rmtree(folder)
        _write(target / SHARDS_FILE, dumps(merged))
        if not kept:
            _share_options(target)
        old = work / "previous"
        if (site_dir / "pagefind").exists():
            (site_dir / "pagefind").rename(old)
        target.rename(site_dir / "pagefind")
    if cache is not None:
        used = {key for _, key in plan}
        for entry in cache.iterdir():
            if entry.name not in used:
                remove(entry)
    indexed = sum(own or key in ahead for (_, key), (_, own) in zip(plan, bundles))
    log.info("Search index written to %s (%d shards, %d indexed, %d unchanged)", site_dir / "pagefind", len(plan),
             indexed, len(plan) - indexed)
    return keys


ENTRY = "pagefind-entry.json"  # what a Pagefind bundle holds: its languages and their index's digests


def _entry(bundle: Path) -> dict:
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))


def _same_bundle(placed: Path, bundle: Path) -> bool:
    """Whether a bundle placed by an earlier build is this one: a bundle's entry names its
    Pagefind and the digest of each language's index, whose files are named by their content."""
    return (placed / ENTRY).is_file() and (placed / ENTRY).read_bytes() == (bundle / ENTRY).read_bytes()


def _keep_root(previous: Path, firsts: dict[str, Path], target: Path) -> bool:
    """Take the previous index as the new one's start (moved to `target`, not copied: at 10,000
    innovations it is some 30,000 files) when its root holds the same first shards; the shards
    under it are then replaced only where they changed."""
    if not (previous / ENTRY).is_file():
        return False
    merged = {}
    for source in firsts.values():
        entry = _entry(source)
        merged.setdefault("version", entry["version"])
        merged.setdefault("languages", {}).update(entry["languages"])
    root = _entry(previous)
    if root.get("version") != merged.get("version") or root.get("languages") != merged.get("languages"):
        return False
    previous.rename(target)
    return True


# A bundle's files are linked, not copied, between the cache and the site (thousands of files a
# shard): none is ever changed where it is, only replaced (`_write`) or removed.

def _link(source: Path | str, target: Path | str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copyfile(source, target)


def _write(path: Path, text: str) -> None:
    """A file of a bundle written anew, not in place: its old name may be a link to the cache's."""
    new = path.with_name(f".{path.name}.new")
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)


def _place(source: Path, target: Path, own: bool) -> None:
    if own:
        source.rename(target)
    else:
        shutil.copytree(source, target, copy_function=_link)


def _merge(source: Path, target: Path, own: bool) -> None:
    """One language's Pagefind bundle into another's: the bundles are content-addressed (a file
    both have is the same file); only the entry file lists the languages."""
    entry = _entry(target)
    entry["languages"].update(_entry(source)["languages"])
    for folder, _, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            if not (into / name).exists():
                (os.replace if own else _link)(Path(folder, name), into / name)
    _write(target / ENTRY, dumps(entry))


# Pagefind 1.6 passes options() to the first index only, not to merged ones; search.js switches
# exactDiacritics between two searches of the same query, which must reach every shard.
OPTIONS = re.compile(r"async options\((\w+)\)\{await this\.primary\.options\(\1\);\}")


def _share_options(bundle: Path) -> None:
    for name in ("pagefind.js", "pagefind-worker.js"):
        script = (bundle / name).read_text(encoding="utf-8")
        script, found = OPTIONS.subn(
            lambda m: f"async options({m[1]}){{await Promise.all(this.instances.map(i=>i.options({m[1]})));}}", script)
        if found != 1:
            raise PluginError(f"{bundle / name}: this Pagefind's search script no longer has the options() that "
                              "generator/search.py extends to merged indexes; check its merged-index options.")
        _write(bundle / name, script)
