"""Site search: an index of the words of every page readers search, written by the build in
chunks a browser loads only as a query needs them (theme/assets/javascripts/search.js).

Pagefind, used before, lists every page of an index in a file the first search loads whole (some
12 bytes a page): at 100,000 innovations a first search read 1.7–2.5 MB, and indexing took 40 s
of a 10,000-innovation build's CPU. Here the first search of a word reads a small list of shard
keys, the one shard of words that begin as the word does, and the result texts of the first ten
results: its cost follows the word, not the size of the bank.

What is searched of a page: the text of the element marked `data-search-body`, but for elements
inside it marked `data-search-ignore`; its title is its <h1>, and elements marked
`data-search-meta="status"` or `"office"` (anywhere) give the facts a result shows. A result's
text (its excerpt) starts at the element marked `data-search-excerpt` (an innovation's summary),
or else after the <h1>: the result shows the title as its link already, and the status apart. Each page
gives a Record, made where the page is rendered; the index is written from the records alone, so
a deploy keeps the record of a page it did not make again, and the index is the same bytes a full
build writes.

A page holds a query when it has every word of the query as a word or a word's beginning: words
are cut as search.js cuts them (`words`: NFC, lower case, without zero-width characters, the
punctuation around a word dropped, its parts between hyphens or slashes and those parts run
together kept too), digits are one kind whichever script they are written in."""

from __future__ import annotations

import hashlib
from array import array
import html as htmllib
import re
import shutil
import threading
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from .json_text import dumps

SEARCHED = ("ideas", "teams", "offices", "showcase")  # the folders of pages readers search, in rank order
FOLDER = "search"          # site/search/<lang>/: the index of each language
SHARD_POSTINGS = 20_000    # a shard of words is split while it holds more (a posting: a word on a page)
TEXTS = 16                 # result texts to a file: a first screen of ten results loads at most ten
EXCERPT = 280              # characters of a page's text kept for its result
LETTER_WORDS = 1_000       # words to a file of near words (those of a few beginnings of two letters)
VERSION = 1                # of the index's format, read by search.js
_ONE_AT_A_TIME = threading.Lock()


class Record(NamedTuple):
    """What search knows of a page: its facts as a result shows them, and its words."""
    title: str
    status: str
    office: str
    excerpt: str
    title_words: str  # space-separated
    words: str        # every word of the page, title's too, space-separated, each once


# ---- a page's words ---------------------------------------------------------------------------

def _mark_ranges() -> str:
    """Every combining mark (vowel signs, hasanta, accents) as ranges of a regular expression's
    class: JavaScript's \\p{M}, which Python's \\w leaves out (its \\w is \\p{L} and \\p{N}, and _)."""
    marks = [c for c in range(0x10000) if unicodedata.category(chr(c)).startswith("M")]
    ranges, start = [], marks[0]
    for previous, c in zip(marks, marks[1:] + [-1]):
        if c != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = c
    return "".join(ranges)


_NOT_WORD = f"(?:[^\\w{_mark_ranges()}]|_)"  # what search.js's [^\\p{L}\\p{M}\\p{N}] matches
_EDGE = re.compile(f"^{_NOT_WORD}+|{_NOT_WORD}+$")
_INSIDE = re.compile(f"{_NOT_WORD}+")
_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x10000)
                                     if unicodedata.category(chr(c)) == "Cf") + "]")  # search.js: \p{Cf}
_BENGALI_DIGIT = re.compile("[০-৯]")


def clean(text: str) -> str:
    """Text as it is compared: NFC, without zero-width characters, lower case, ASCII digits."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).lower()
    return _BENGALI_DIGIT.sub(lambda digit: str(ord(digit[0]) - 0x09E6), text)


def words(text: str) -> list[str]:
    """The different words of a text, as search.js cuts a query (`words` there)."""
    found = []
    for word in dict.fromkeys(clean(text).split()):
        word = _EDGE.sub("", word)
        if not word:
            continue
        found.append(word)
        parts = [part for part in _INSIDE.split(word) if part]
        if len(parts) > 1:
            found += parts
            found.append("".join(parts))
    return found


# ---- a page's record --------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<!--.*?-->", re.S)
_RAW = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_INLINE = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u var".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S)
_META = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-search-meta=\"(status|office)\"[^>]*>(.*?)</\1\s*>", re.S)
_SPACE = re.compile(r"\s+")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _plain(fragment: str) -> str:
    """The text of a piece of HTML, a space where a tag that is not inline stood."""
    fragment = _RAW.sub(" ", fragment)
    text = _TAG.sub(lambda m: "" if m[2] and m[2].lower() in _INLINE else " ", fragment)
    return _SPACE.sub(" ", htmllib.unescape(text)).strip()


def _marked(attributes: str, name: str) -> bool:
    """Whether a tag's attributes (its text after the name) have the attribute `name`: a name, not
    words in another attribute's value."""
    return name in attributes and re.search(f"(?:^|\\s){name}(?:[\\s=/]|$)", _QUOTED.sub("", attributes)) is not None


def _body(page: str) -> tuple[str, str] | None:
    """The text of the page's data-search-body element without its data-search-ignore parts, and
    the part of it a result shows (from the data-search-excerpt element, else after the <h1>);
    None when no element is so marked."""
    start = next((tag.start() for tag in _TAG.finditer(page) if tag[2] and _marked(tag[3], "data-search-body")), None)
    if start is None:
        return None
    page = _RAW.sub(" ", page[start:])
    kept, depth, ignored = [], 0, None  # ignored: the depth at which the ignored element opened
    position = 0
    lead = after_h1 = None  # where in `kept` the excerpt starts: the marked element, after the h1
    for tag in _TAG.finditer(page):
        if ignored is None:
            kept.append(page[position:tag.start()])
        position = tag.end()
        name = tag[2]
        if not name:  # a comment
            continue
        name = name.lower()
        if ignored is None and name not in _INLINE:
            kept.append(" ")
        if tag[1]:
            depth -= 1
            if ignored is not None and depth < ignored:
                ignored = None
            if name == "h1" and after_h1 is None:
                after_h1 = len(kept)
            if depth == 0:
                break
        elif name not in _VOID and not tag[3].rstrip().endswith("/"):
            depth += 1
            if ignored is None and _marked(tag[3], "data-search-ignore"):
                ignored = depth
            elif ignored is None and lead is None and _marked(tag[3], "data-search-excerpt"):
                lead = len(kept)

    def text(parts: list[str]) -> str:
        return _SPACE.sub(" ", htmllib.unescape("".join(parts))).strip()
    # each part is cleaned once: the excerpt's start follows a space `kept` holds, so the body is
    # the text before it and the excerpt's, joined by one space
    start = next((at for at in (lead, after_h1) if at is not None), 0)
    excerpt = text(kept[start:])
    return " ".join(part for part in (text(kept[:start]), excerpt) if part), excerpt


def record(page: bytes) -> Record | None:
    """The page's record, or None when it does not opt in to search."""
    text = page.decode("utf-8")
    found = _body(text)
    if found is None:
        return None
    body, lead = found
    h1 = _H1.search(text)
    title = _plain(h1[1]) if h1 else ""
    meta = {name: _plain(inner) for _, name, inner in _META.findall(text)}
    excerpt = lead if len(lead) <= EXCERPT else lead[:EXCERPT].rsplit(" ", 1)[0] + " …"
    title_words = dict.fromkeys(words(title))
    return Record(title, meta.get("status", ""), meta.get("office", ""), excerpt, " ".join(title_words),
                  " ".join(dict.fromkeys([*title_words, *words(body)])))


def searched(path: str, languages: tuple[str, ...]) -> bool:
    """Whether a page (its path under site/) is in a folder readers search."""
    return path.endswith(".html") and path.startswith(_folders(languages))


def _root(lang: str, languages: tuple[str, ...]) -> str:
    return "" if lang == languages[0] else f"{lang}/"


def _folders(languages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{_root(lang, languages)}{folder}/" for lang in languages for folder in SEARCHED)


# ---- the index --------------------------------------------------------------------------------

def shard_keys(postings: dict[str, int], limit: int) -> list[str]:
    """The keys of a language's shards of words, from each word's number of pages: a word is in
    the shard of the longest key it begins with. A shard is split by the letter after its key
    while it holds more than `limit` postings: a group of words that begin alike and holds at
    least a quarter of the limit becomes a shard of its own, the smaller ones stay. So a query's
    word is found in the shard of the longest key it begins with, and the words it begins are in
    that shard and in those whose keys begin with it."""
    keys = []

    def split(key: str, group: list[str]) -> None:
        keys.append(key)
        if sum(postings[word] for word in group) <= limit:
            return
        children: dict[str, list[str]] = defaultdict(list)
        for word in group:
            if len(word) > len(key):
                children[word[len(key)]].append(word)
        for letter, child in children.items():
            if sum(postings[word] for word in child) * 4 >= limit:
                split(key + letter, child)

    split("", sorted(postings))
    # a key whose words went, but for a few, to longer keys is dropped: the few go to the key before it
    known = set(keys)
    left: dict[str, int] = defaultdict(int)
    for word, count in postings.items():
        left[_shard_of(word, known)] += count
    return sorted(key for key in keys if key == "" or left[key] * 4 >= limit)


def _shard_of(word: str, keys: set[str]) -> str:
    for end in range(len(word), -1, -1):
        if word[:end] in keys:
            return word[:end]
    raise AssertionError("the empty key is always there")


def _letters(word: str) -> str:
    """A word's letters without their marks (vowel signs, hasanta): search.js's `letters`."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.category(c).startswith("M"))


def _order(path: str, root: str) -> tuple[int, str]:
    folder = path[len(root):].split("/", 1)[0]
    return SEARCHED.index(folder), path


def _url(path: str) -> str:
    return path.removesuffix("index.html")


def write(site_dir: Path, records: dict[str, Record], languages: tuple[str, ...]) -> None:
    """Every language's index, into site_dir/search (written aside, then put in place whole; one
    at a time: `mkdocs serve` writes it in the background after each edit)."""
    with _ONE_AT_A_TIME:
        _write(site_dir, records, languages)


def _write(site_dir: Path, records: dict[str, Record], languages: tuple[str, ...]) -> None:
    target = site_dir / FOLDER
    new = site_dir / f".{FOLDER}-new"
    shutil.rmtree(new, ignore_errors=True)
    for lang in languages:
        root = _root(lang, languages)
        others = tuple(f"{other}/" for other in languages[1:]) if root == "" else ()
        pages = sorted((path for path in records if path.startswith(root) and not path.startswith(others)
                        and searched(path, languages)), key=lambda path: _order(path, root))
        _write_language(new / lang, [(path, records[path]) for path in pages])
    old = site_dir / f".{FOLDER}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _write_language(folder: Path, pages: list[tuple[str, Record]]) -> None:
    """index.json, and the files it lists in a folder named by their digest: a reader who loaded
    the last build's index.json before a deploy gets "not found" for its files, and loads the new
    one, never the new files read by the old list."""
    # word → its pages, each 2 × page + 1 if in the title: an array of 4-byte numbers, not a list of
    # Python integers (36 bytes each: a gigabyte at 100,000 innovations)
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    for number, (_, page) in enumerate(pages):
        title = set(page.title_words.split())
        for word in page.words.split():
            postings[word].append(2 * number + (word in title))
    keys = shard_keys({word: len(found) for word, found in postings.items()}, SHARD_POSTINGS)
    known = set(keys)
    shards: dict[str, list[str]] = {key: [] for key in keys}
    for word in sorted(postings):
        shards[_shard_of(word, known)].append(word)
    letters: dict[str, list[str]] = defaultdict(list)
    for word in sorted(postings):
        letters[_letters(word)[:2]].append(word)
    letter_files: list[list[str]] = [[]]  # the keys of each file of near words: whole files, not a small one a key
    held = 0
    for key in sorted(letters):
        if held >= LETTER_WORDS:
            letter_files.append([])
            held = 0
        letter_files[-1].append(key)
        held += len(letters[key])
    files = [(f"w{number}.json", lambda key=key: {"words": shards[key], "pages": [_deltas(postings[w]) for w in shards[key]]})
             for number, key in enumerate(keys)]
    files += [(f"l{number}.json", lambda keys=keys: [word for key in keys for word in letters[key]])
              for number, keys in enumerate(letter_files)]
    files += [(f"t{start // TEXTS}.json", lambda start=start: [[_url(path), page.title, page.status, page.office,
                                                                page.excerpt] for path, page in pages[start:start + TEXTS]])
              for start in range(0, len(pages), TEXTS)]
    digest, made = hashlib.sha256(), folder / ".new"
    made.mkdir(parents=True)
    for file, content in files:  # each written as it is made: at 100,000 innovations they are 200 MB of text
        text = dumps(content()).encode("utf-8")
        digest.update(file.encode() + b"\0" + text + b"\0")
        (made / file).write_bytes(text)
    name = digest.hexdigest()[:16]
    made.rename(folder / name)
    (folder / "index.json").write_text(dumps({"version": VERSION, "digest": name, "pages": len(pages), "texts": TEXTS,
                                              "shards": keys, "letters": letter_files}), encoding="utf-8")


def _deltas(found: array) -> list[int]:
    return [value - (found[at - 1] if at else 0) for at, value in enumerate(found)]
