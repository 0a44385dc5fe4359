"""The search index as the build writes it (generator/search.py) and search.js reads it: every
searched page of its language once, in rank order; its words found as a reader types them
(Bengali or ASCII digits alike); words in shards a browser loads by their beginnings, none of
them near-empty, and a sharded index searched in Debian's chromium as the whole one is; what a
page gives search (its record); a folder named by a digest of what it holds; and contributor text
that stays text. `Index`, the reader, is shared by the tests of builds, deploys and `mkdocs serve`."""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import search
from generator.i18n import LANGUAGES
from search_quality import OUTPUT, RESULTS, home, judgements, results
from sitebuild import ROOT, built_site, serve

LIMIT = 120  # postings a shard: the sample's 2,800 a language make some 35 shards, keys of up to 4 letters in Bengali
SIMILAR = f"{OUTPUT} .bank-search__list--similar .bank-search__link"


class Index:
    """A language's index as search.js reads it: search/<lang>/index.json, then the files of the
    folder it names. Pages are given by their addresses (`ideas/x/`, `en/ideas/x/`)."""

    def __init__(self, site: Path, lang: str):
        self.root = site / search.FOLDER / lang
        self.meta = json.loads((self.root / "index.json").read_text(encoding="utf-8"))
        self.digest = self.meta["digest"]
        self.folder = self.root / self.digest

    def read(self, name: str):
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    @functools.cached_property
    def _texts(self) -> list[list[str]]:
        count, size = self.meta["pages"], self.meta["texts"]
        found = [text for n in range(-(-count // size)) for text in self.read(f"t{n}.json")]
        assert len(found) == count, "index.json counts the pages the result texts hold"
        return found

    def texts(self) -> list[list[str]]:
        """Each page's result: [address, title, status, office, excerpt], in the index's order."""
        return self._texts

    def text(self, url: str) -> list[str]:
        return next(text for text in self._texts if text[0] == url)

    def pages(self) -> list[str]:
        return [text[0] for text in self._texts]

    def shard(self, key: str) -> dict[str, list[tuple[int, bool]]]:
        """The words of one shard: each word's pages, (page number, whether in its title)."""
        part = self.read(f"w{self.meta['shards'].index(key)}.json")
        assert len(part["words"]) == len(part["pages"])
        found = {}
        for word, deltas in zip(part["words"], part["pages"]):
            value, pages = 0, []
            for delta in deltas:
                value += delta
                pages.append((value // 2, bool(value % 2)))
            found[word] = pages
        return found

    @functools.cached_property
    def postings(self) -> dict[str, list[tuple[int, bool]]]:
        """Every word of every shard, each in one shard only."""
        found = {}
        for key in self.meta["shards"]:
            part = self.shard(key)
            assert not found.keys() & part.keys(), f"words in two shards: {sorted(found.keys() & part.keys())[:5]}"
            found.update(part)
        return found

    def find(self, query: str) -> set[str]:
        """The pages that hold every word of the query as a word or a word's beginning, as search.js
        finds them (its `asked` words: cleaned, the punctuation around each dropped)."""
        asked = [search.words(token)[0] for token in search.clean(query).split() if search.words(token)]
        assert asked, query
        urls, found = self.pages(), None
        for wanted in asked:
            holding = {urls[page] for word, pages in self.postings.items() if word.startswith(wanted)
                       for page, _ in pages}
            found = holding if found is None else found & holding
        return found


# ---- every searched page, once ----------------------------------------------------------------

OPTED_IN = re.compile(r"<[a-zA-Z][^>]*?\sdata-search-body[\s=/>]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_searched_page_is_in_its_languages_index_once_in_rank_order(lang):
    """Innovations, teams, offices, the showcase: each page of them that opts in to search, in its
    language's index once, innovations first; a listing or a redirect under those folders, and a
    page of the other language, not at all. Search lists the pages the build says it made, not a
    walk of the site: the two agree."""
    site, root = built_site(), home(lang)
    expected = [page.relative_to(site).as_posix().removesuffix("index.html")
                for folder in search.SEARCHED
                for page in sorted((site / root / folder).rglob("*.html"), key=lambda p: p.as_posix())
                if OPTED_IN.search(page.read_text(encoding="utf-8"))]
    assert {url.split("/")[1 if root else 0] for url in expected} == set(search.SEARCHED)
    index = Index(site, lang)
    assert index.pages() == expected and index.meta["pages"] == len(expected) > 20
    assert f"{root}ideas/" not in index.pages() and f"{root}showcase/year/2016/" not in index.pages()  # listings
    assert sorted(path.name for path in index.root.iterdir()) == sorted([index.digest, "index.json"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bengali_and_ascii_digits_find_the_same_pages(lang):
    """Numbers are one word whichever digits write them: a Bengali page shows ২০১৬, a reader may
    type 2016 (and an English page's 2016 is found by ২০১৬)."""
    index = Index(built_site(), lang)
    found = index.find("২০১৬")
    assert f"{home(lang)}ideas/lgd-database-networking/" in found
    assert index.find("2016") == found
    if lang == "bn":
        assert "২০১৬ সালে" in (built_site() / "ideas/lgd-database-networking/index.html").read_text(encoding="utf-8")
        assert "ideas/lgd-database-networking/" in index.find("২০১৬ সালে") == index.find("2016 সালে")


def test_a_word_is_found_by_its_beginning_and_its_title_is_marked():
    """A page holds a word when one of its words begins with it (search.js's prefix search); a word
    of its title is marked so (search ranks those first)."""
    index = Index(built_site(), "bn")
    page = "ideas/lgd-help-desk/"
    assert page in index.find("হেল্প") and page in index.find("হেল") and page in index.find("ডেস্ক হেল্প")
    assert page not in index.find("হেল্পলাইন")
    number = index.pages().index(page)
    assert (number, True) in index.postings["হেল্প"]
    assert {n for n, in_title in index.postings["হেল্প"] if in_title} == {
        n for n, text in enumerate(index.texts()) if "হেল্প" in search.words(text[1])}


# ---- shards ------------------------------------------------------------------------------------

def _records(site: Path) -> dict[str, search.Record]:
    """The record of every searched page of a built site, made from its page as the build makes it."""
    found = {}
    for path in site.rglob("*.html"):
        page = path.relative_to(site).as_posix()
        if search.searched(page, LANGUAGES) and (record := search.record(path.read_bytes())) is not None:
            found[page] = record
    return found


def _sharded(target: Path, limit: int = LIMIT) -> Path:
    shutil.copytree(built_site(), target)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_POSTINGS", limit)
        search.write(target, _records(target), LANGUAGES)
    return target


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    return _sharded(tmp_path_factory.mktemp("sharded") / "site")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_small_limit_splits_the_index_each_word_in_the_shard_of_its_longest_key(sharded, lang):
    """Each word is in the shard of the longest key it begins with (where search.js looks), the
    words and pages are those of the index in one shard, and no shard but the first is
    near-empty: a key whose words went, but for a few, to longer keys is dropped, its few words
    going to a shorter key (a reader's word would otherwise load a file for a handful of words)."""
    index, whole = Index(sharded, lang), Index(built_site(), lang)
    keys = index.meta["shards"]
    assert whole.meta["shards"] == [""] and len(keys) > 20 and max(map(len, keys)) >= 2
    assert keys == sorted(set(keys)) and keys[0] == ""
    for key in keys:
        part = index.shard(key)
        assert part, f"shard {key!r} is empty"
        for word in part:
            assert max((k for k in keys if word.startswith(k)), key=len) == key, (word, key)
        if key:
            assert sum(map(len, part.values())) * 4 >= LIMIT, f"shard {key!r} holds a few words only: {sorted(part)}"
    assert index.postings == whole.postings
    assert index.texts() == whole.texts() and index.meta["letters"] == whole.meta["letters"]


def test_a_key_left_with_a_few_words_is_dropped():
    """"k" is split into "ka" and "kb", which take all its words but "k" itself: a shard of one
    word. It goes to the first shard."""
    postings = {"k": 2, **{f"ka{n}": 10 for n in range(7)}, **{f"kb{n}": 10 for n in range(7)}, "z": 1}
    assert search.shard_keys(postings, 100) == ["", "ka", "kb"]
    assert search.shard_keys(postings, 1000) == [""]


@given(st.dictionaries(st.text("abক্", min_size=1, max_size=5), st.integers(1, 40), max_size=60),
       st.integers(4, 200))
def test_no_shard_but_the_first_is_near_empty(postings, limit):
    keys = search.shard_keys(postings, limit)
    assert keys[0] == "" and keys == sorted(set(keys))
    held = defaultdict(int)
    for word, count in postings.items():
        held[max((k for k in keys if word.startswith(k)), key=len)] += count
    assert all(held[key] * 4 >= limit for key in keys[1:]), (keys, dict(held))


@pytest.fixture(scope="module")
def box_pairs(browser, site_url, sharded):
    """For each language, a search box on the built site and one on the sharded copy (each page in
    a context of its own: a hidden page's timers run once a second)."""
    server, sharded_url = serve(sharded)
    contexts, pages = [], {}
    for lang in LANGUAGES:
        for name, url in (("whole", site_url), ("sharded", sharded_url)):
            contexts.append(browser.new_context(viewport={"width": 360, "height": 780}))
            pages[lang, name] = contexts[-1].new_page()
            pages[lang, name].requests = []
            pages[lang, name].on("request", lambda request, p=pages[lang, name]: p.requests.append(request.url))
            pages[lang, name].goto(url + home(lang))
    yield pages
    for context in contexts:
        context.close()
    server.shutdown()


def _shown(page, lang: str, query: str) -> tuple[list[str], list[str]]:
    """The results a query shows, all of them, and the similar pages listed after them."""
    found = results(page, lang, query)
    similar = page.locator(SIMILAR).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return found, [urlparse(href).path for href in similar]


@pytest.mark.parametrize("judgement", judgements(), ids=str)
def test_a_sharded_index_finds_what_the_whole_one_finds(box_pairs, judgement):
    """The judged set (test_search.py) on the sharded site: the same results in the same order, and
    the same similar pages, as on the site whose index is one shard; none listed twice."""
    whole = _shown(box_pairs[judgement.lang, "whole"], judgement.lang, judgement.query)
    sharded = _shown(box_pairs[judgement.lang, "sharded"], judgement.lang, judgement.query)
    assert sharded == whole
    found = sharded[0]
    assert len(found) == len(set(found)), f"a page is listed twice: {found}"
    assert judgement.must <= set(found) and not judgement.must_not & set(found), judgement


def test_the_sharded_site_loaded_several_shards(box_pairs):
    """The comparison above was of something: the sharded boxes read words from several shards."""
    for lang in LANGUAGES:
        loaded = {urlparse(url).path.rsplit("/", 1)[-1] for url in box_pairs[lang, "sharded"].requests
                  if re.search(r"/search/\w+/\w+/w\d+\.json$", url)}
        assert len(loaded) >= 5, (lang, loaded)


# ---- a page's record ----------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="bn"><head><title>অনলাইনে ছুটি - উদ্ভাবন ব্যাংক</title>
<meta name="description" content="জেলা পরিষদের ছুটি"><link rel="stylesheet" href="bank.css"></head>
<body><header><a href="/">উদ্ভাবন ব্যাংক</a></header><nav>মেনু</nav>
<article class="bank-idea" data-search-body><h1 id="top">অনলাইনে ছুটি</h1>
<span class="bank-badge" data-search-meta="status">বাস্তবায়িত</span>
<p>কর্মকর্তারা ছুটির আবেদন অনলাইনে করেন।</p>
<dl data-search-ignore><dt>দপ্তর</dt><dd><a href="/o/" data-search-meta="office">জেলা পরিষদ</a></dd>
<dt>হালনাগাদ</dt><dd>৫ জানুয়ারি ২০২৬</dd><dd class="checked">৪ জানুয়ারি যাচাই: চালু</dd></dl>
<div data-search-ignore><ul><li><a href="/x/">আরেকটি উদ্ভাবন</a></li></ul><img src="map.svg" alt="মানচিত্র"></div>
<section><h2 id="impact">প্রভাব</h2><p>সময়: ৩০ দিন থেকে ১ দিন।</p></section></article>
<footer>নির্মাণ: ৫ জানুয়ারি ২০২৬</footer></body></html>"""


def _words(page: str) -> set[str]:
    return set(search.record(page.encode()).words.split())


def test_a_record_is_the_text_of_the_element_marked_for_search_but_its_ignored_parts():
    found = search.record(PAGE.encode())
    assert found.title == "অনলাইনে ছুটি" and found.status == "বাস্তবায়িত" and found.office == "জেলা পরিষদ"
    assert found.excerpt == "বাস্তবায়িত কর্মকর্তারা ছুটির আবেদন অনলাইনে করেন। প্রভাব সময়: ৩০ দিন থেকে ১ দিন।", \
        "a result's text starts after the title, which the result shows as its link"
    assert {"অনলাইনে", "ছুটি", "কর্মকর্তারা", "করেন", "প্রভাব", "30", "1"} <= _words(PAGE)
    assert set(found.title_words.split()) == {"অনলাইনে", "ছুটি"}
    for outside in ("মেনু", "নির্মাণ", "যাচাই", "আরেকটি", "মানচিত্র", "ব্যাংক", "2026", "হালনাগাদ"):
        assert outside not in _words(PAGE), outside
    assert search.record(PAGE.replace(" data-search-body", "").encode()) is None, "a page that does not opt in"


@pytest.mark.parametrize("elsewhere", [
    '<meta name="description" content="এই পাতার data-search-body আছে">',  # a contributor's summary
    '<meta name="description" content=\'data-search-body\'>',
    '<p title="x data-search-body">শিরোনাম</p>',
    "<p>বৈশিষ্ট্য data-search-body ও data-search-ignore</p>",
], ids=["summary", "summary in single quotes", "another attribute", "text"])
def test_only_the_attribute_marks_the_body(elsewhere):
    """The words " data-search-body" in a page's text or in another attribute's value (an
    innovation's summary is its page's description) do not make that the body searched: the
    header, the menu and the footer would be searched with it."""
    page = PAGE.replace("</title>", "</title>" + elsewhere, 1) if elsewhere.startswith("<meta") else \
        PAGE.replace("<nav>", elsewhere + "<nav>", 1)
    assert _words(page) == _words(PAGE)
    assert search.record(page.replace(" data-search-body>", ">").encode()) is None


@pytest.mark.parametrize("inside", [
    '<p title="x data-search-ignore">রাখা শব্দ</p>',
    "<p>বৈশিষ্ট্য data-search-ignore রাখা শব্দ</p>",
    '<p data-note="data-search-ignore">রাখা শব্দ</p>',
], ids=["another attribute", "text", "another attribute, unspaced"])
def test_only_the_attribute_leaves_a_part_out(inside):
    page = PAGE.replace("<section>", inside + "<section>", 1)
    assert {"রাখা", "শব্দ", "প্রভাব"} <= _words(page)
    ignored = PAGE.replace("<section>", "<p data-search-ignore>রাখা শব্দ</p><section>", 1)
    assert _words(ignored) == _words(PAGE)


def test_an_excerpt_is_at_most_280_characters_cut_between_words():
    body = " ".join(f"শব্দ{n}" for n in range(200))
    found = search.record(PAGE.replace("কর্মকর্তারা ছুটির আবেদন অনলাইনে করেন।", body).encode())
    assert found.excerpt.endswith(" …") and len(found.excerpt) <= search.EXCERPT + 2
    kept = found.excerpt.removesuffix(" …")
    whole = f"বাস্তবায়িত {body}"
    assert whole.startswith(kept + " ") and len(kept) > search.EXCERPT - 10
    assert "শব্দ199" in found.words.split(), "every word is searched, not only the excerpt's"
    for text in Index(built_site(), "bn").texts() + Index(built_site(), "en").texts():
        assert len(text[4]) <= search.EXCERPT + 2, text[0]


def test_records_a_share_spills_as_it_renders_give_the_same_index(tmp_path):
    """A render share writes its search records into its report every plugin.SPILL pages and lets
    them go (at 100,000 innovations each process held 350 MB of them at the end of its share): a
    site whose shares spill every three pages has the index of the normal build, byte for byte."""
    script = ("import sys; from generator import plugin; plugin.SPILL = 3; sys.argv = ['mkdocs', *sys.argv[1:]]; "
              "from mkdocs.__main__ import cli; cli()")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", script, "build", "-q", "-d", str(site)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr

    def index(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / search.FOLDER).rglob("*") if p.is_file()}
    spilled, whole = index(site), index(built_site())
    assert len(spilled) > 4 and spilled == whole
    assert len(Index(site, "bn").pages()) > 3 * 2, "more pages than one spill holds"


def test_an_excerpt_starts_at_the_element_marked_for_it():
    """An innovation's result text starts at its summary, after its title and badges; the words
    before it are searched all the same."""
    marked = PAGE.replace("<p>কর্মকর্তারা", "<p data-search-excerpt>কর্মকর্তারা", 1)
    assert search.record(marked.encode()).excerpt.startswith("কর্মকর্তারা ছুটির আবেদন")
    assert _words(marked) == _words(PAGE)
    ignored = marked.replace("<dl data-search-ignore>", "<dl data-search-ignore><dd data-search-excerpt>যাচাই</dd>", 1)
    assert search.record(ignored.encode()).excerpt.startswith("কর্মকর্তারা"), "a marked element in an ignored part is not the start"


def test_results_of_the_built_site_start_at_the_summary():
    """No innovation's result text repeats its title and badges: it starts with its summary, as
    the page shows it."""
    summary = re.compile(r'<p class="bank-summary"[^>]*>(.*?)</p>', re.S)
    checked = 0
    for lang in LANGUAGES:
        for address, title, _status, _office, excerpt in Index(built_site(), lang).texts():
            if not re.match(r"(en/)?ideas/", address):
                continue
            shown = search._plain(summary.search((built_site() / address / "index.html").read_text(encoding="utf-8"))[1])
            assert excerpt.startswith(shown[:60]) and not excerpt.startswith(title), (address, excerpt)
            checked += 1
    assert checked >= 20


class _Heading(HTMLParser):
    """The text of a page's h1, as a reader sees it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "h1" or bool(self.depth)

    def handle_endtag(self, tag):
        self.depth -= bool(self.depth)

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_results_title_is_its_pages_heading(lang):
    site = built_site()
    for url, title, *_ in Index(site, lang).texts():
        heading = _Heading()
        heading.feed((site / url / "index.html").read_text(encoding="utf-8"))
        assert title == " ".join("".join(heading.text).split()) != "", url


# What a record does not read: text and tags outside data-search-body and inside
# data-search-ignore (but for the facts a result shows), tags' attributes.
UNREAD = {"head title": ("অনলাইনে ছুটি - উদ্ভাবন", "ছুটি - উদ্ভাবন"), "header": ("উদ্ভাবন ব্যাংক</a>", "ব্যাংক</a>"),
          "nav": ("মেনু", "সূচি"), "footer": ("নির্মাণ: ৫", "নির্মাণ: ৬"),
          "ignored text": ("৪ জানুয়ারি যাচাই", "৫ জানুয়ারি যাচাই"), "ignored list": ("আরেকটি উদ্ভাবন", "নতুন নামে উদ্ভাবন"),
          "ignored tag": ('<dd class="checked">', '<dd class="checked broken">'),
          "ignored element": ("</dl>", "<dd><p>১ জানুয়ারি থেকে বন্ধ</p></dd></dl>"),
          "tag outside": ('href="bank.css"', 'href="other.css"'), "body tag": ('id="impact"', 'id="savings"'),
          "image": ('src="map.svg"', 'src="map.png"'), "language": ('lang="bn"', 'lang="en"'),
          "inline tag in a word": ("<p>কর্মকর্তারা", "<p>কর্ম<b>কর্তারা</b>")}
# What it reads: the body's text, the h1, the facts a result shows (inside an ignored part too).
READ = {"body text": ("আবেদন অনলাইনে", "আবেদন ওয়েবে"), "h1": (">অনলাইনে ছুটি</h1>", ">ছুটি অনলাইনে</h1>"),
        "office": ("জেলা পরিষদ</a>", "উপজেলা পরিষদ</a>"), "status": (">বাস্তবায়িত<", ">পাইলটিং<"),
        "fact's name": ('data-search-meta="office"', 'data-search-meta="team"'),
        "block tag in a word": ("<p>কর্মকর্তারা", "<p>কর্ম<p>কর্তারা")}


def test_a_record_changes_exactly_when_what_search_shows_or_finds_changes():
    """A deploy keeps the record of a page it did not make again: one record for pages that search
    the same, another as soon as a result would show or find anything else."""
    first = search.record(PAGE.encode())
    for change, (old, new) in UNREAD.items():
        assert old in PAGE, change
        assert search.record(PAGE.replace(old, new).encode()) == first, change
    for change, (old, new) in READ.items():
        assert old in PAGE, change
        assert search.record(PAGE.replace(old, new).encode()) != first, change


# ---- the folder named by a digest ---------------------------------------------------------------

def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_the_same_records_give_the_same_bytes(tmp_path):
    """The index is written from the records alone: those of the built pages give the very files
    the build wrote, in a folder named by their digest (a deploy writes what a full build does)."""
    records = _records(built_site())
    search.write(tmp_path, records, LANGUAGES)
    assert _files(tmp_path / search.FOLDER) == _files(built_site() / search.FOLDER)
    search.write(tmp_path, dict(reversed(records.items())), LANGUAGES)
    assert _files(tmp_path / search.FOLDER) == _files(built_site() / search.FOLDER)
    assert sorted(p.name for p in tmp_path.iterdir()) == [search.FOLDER], "nothing left beside it"


def test_a_change_names_a_new_folder_and_the_old_one_is_gone(tmp_path):
    """A reader who loaded the last index.json asks for files of the last folder: they are gone
    (search.js then loads index.json again), never replaced by others under the same name."""
    site = built_site()
    records = _records(site)
    search.write(tmp_path, records, LANGUAGES)
    before = {lang: Index(tmp_path, lang) for lang in LANGUAGES}
    page = "ideas/lgd-pmis/index.html"
    edited = (site / page).read_text(encoding="utf-8").replace("</h1>", " জলপাই</h1>", 1)
    records[page] = search.record(edited.encode())
    search.write(tmp_path, records, LANGUAGES)
    bn, en = Index(tmp_path, "bn"), Index(tmp_path, "en")
    assert bn.digest != before["bn"].digest and not before["bn"].folder.exists()
    assert sorted(p.name for p in bn.root.iterdir()) == sorted([bn.digest, "index.json"])
    assert bn.find("জলপাই") == {"ideas/lgd-pmis/"} and bn.text("ideas/lgd-pmis/")[1].endswith(" জলপাই")
    assert en.digest == before["en"].digest, "the other language's index is the same files"
    assert sorted(p.name for p in tmp_path.iterdir()) == [search.FOLDER], "nothing left beside it"


# ---- contributor text --------------------------------------------------------------------------

VECTOR = '<img src="https://evil.example/x.png" onerror="window.hacked = 1"><script>window.hacked = 2</script>'


def test_contributor_text_that_looks_like_html_is_text_in_the_index_and_in_the_results(tmp_path, page):
    """A title and a summary as the templates write them (escaped): the index holds the text the
    reader sees, as JSON text, and search.js shows it as text (no element, no request, no script)."""
    site = tmp_path / "site"
    shutil.copytree(built_site(), site)
    path = site / "ideas/lgd-pmis/index.html"
    text = path.read_text(encoding="utf-8")
    heading = re.search(r"(<h1\b[^>]*>)(.*?)(</h1>)", text, re.S)
    text = text.replace(heading[0], f"{heading[1]}{html.escape(VECTOR)} পিএমআইএস{heading[3]}", 1)
    path.write_text(text, encoding="utf-8")
    search.write(site, _records(site), LANGUAGES)
    index = Index(site, "bn")
    assert index.text("ideas/lgd-pmis/")[1] == f"{VECTOR} পিএমআইএস"
    assert index.find("onerror") == {"ideas/lgd-pmis/"}
    written = (index.folder / "t0.json").read_text(encoding="utf-8")
    assert json.dumps(VECTOR, ensure_ascii=False)[:-1] in written and "&lt;" not in written, "JSON text, not HTML"

    server, url = serve(site)
    try:
        page.hosts.add(urlparse(url).netloc)
        dialogs = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
        page.goto(url)
        assert results(page, "bn", "onerror") == ["ideas/lgd-pmis"]
        shown = page.locator(f"{RESULTS} .bank-search__title")
        assert shown.inner_text() == f"{VECTOR} পিএমআইএস"
        assert page.locator(f"{OUTPUT} img, {OUTPUT} script").count() == 0
        assert page.evaluate("window.hacked") is None and dialogs == []
    finally:
        server.shutdown()
