"""The search index in shards (generator/search.py): the sample site indexed again with a shard
limit that splits each language into several Pagefind bundles, searched in Debian's chromium as a
reader does; which shard a page goes to; and the cache that copies unchanged shards."""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from generator import search
from generator.i18n import LANGUAGES, t
from search_quality import OUTPUT, SETTLED, home, judgements, results
from sitebuild import built_site, serve

LIMIT = 9  # pages a shard: the sample's 27 searched pages a language make 4 shards


def _sharded(target: Path, limit: int = LIMIT, cache: Path | None = None) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", limit)
        search.index_site(target, LANGUAGES, cache)


def _copy_site(target: Path) -> Path:
    shutil.copytree(built_site(), target, ignore=shutil.ignore_patterns("pagefind"))
    return target


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    site = _copy_site(tmp_path_factory.mktemp("sharded") / "site")
    _sharded(site)
    server, url = serve(site)
    yield site, url
    server.shutdown()


@pytest.fixture(scope="module")
def boxes(browser, sharded):
    """One search box a language on the sharded site, reused by every query (as in test_search)."""
    contexts = {lang: browser.new_context(viewport={"width": 360, "height": 780}) for lang in LANGUAGES}
    pages = {}
    for lang, context in contexts.items():
        pages[lang] = context.new_page()
        pages[lang].goto(sharded[1] + home(lang))
    yield pages
    for context in contexts.values():
        context.close()


def _shards(site: Path, lang: str) -> list[search.Shard]:
    opted = [page for page, key in search.searched_pages(site, home(lang)).items() if key is not None]
    return search.shards(lang, opted, home(lang), LIMIT)


def _title_word(page: Path) -> str:
    """The longest word of a page's heading."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)[1]
    words = html.unescape(re.sub(r"<[^>]+>", " ", heading)).split()
    return max((w for w in words if all(unicodedata.category(c)[0] in "LM" for c in w)), key=len)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_of_a_page_in_each_shard_is_found(sharded, boxes, lang):
    site, _ = sharded
    merged = json.loads((site / "pagefind" / search.SHARDS_FILE).read_text(encoding="utf-8"))[lang]
    shards = _shards(site, lang)
    assert len(shards) >= 2 and sorted(merged) == sorted(shard.name for shard in shards[1:])
    for shard in shards:
        for page in shard.pages[:2]:
            word = _title_word(site / page)
            found = results(boxes[lang], lang, word)
            assert page.removeprefix(home(lang)).removesuffix("index.html").strip("/") in found, (shard.name, word, found)


@pytest.mark.parametrize("judgement", judgements(), ids=str)
def test_judged_query_across_shards(boxes, judgement):
    """The judged set of test_search.py on the sharded site: one list of results, every page that
    holds the words from whichever shard, none twice, none that does not hold them. (Were the
    merged shards left ignoring vowel signs, as Pagefind leaves them when options() reaches only
    the first, their near misses would crowd out the first shard's pages: "deputy commissioner".)"""
    found = results(boxes[judgement.lang], judgement.lang, judgement.query)
    assert len(found) == len(set(found)), f"a page is listed twice: {found}"
    missing = sorted(judgement.must - set(found))
    wrong = sorted(judgement.must_not & set(found))
    assert not missing and not wrong, f"{judgement}: missing {missing}, must not return {wrong}"


@pytest.mark.parametrize("lang, query, similar, page", [
    ("bn", "সবল", "স্বল্প", "ideas/lgd-database-networking"),
    ("en", "leaves", "leave", "teams/lgd-innovation-team"),
])
def test_similar_words_come_from_every_shard(sharded, boxes, lang, query, similar, page):
    """The search that ignores vowel signs (or an inflection) offers a merged shard's page."""
    site, _ = sharded
    assert home(lang) + page + "/index.html" not in _shards(site, lang)[0].pages  # a merged shard's page
    box = boxes[lang]
    results(box, lang, query)
    label = box.locator(f"{OUTPUT} .bank-search__similar")
    assert label.inner_text() == t("search.similar", lang).replace("{words}", similar)
    shown = [a.get_attribute("href") for a in box.locator(f"{OUTPUT} .bank-search__list--similar a").all()]
    assert any(href.rstrip("/").endswith(page) for href in shown), shown


@pytest.mark.parametrize("dropped", ["wasm.unknown.pagefind", "bn-01/pagefind-entry.json"])
def test_a_dropped_connection_is_tried_again_by_the_next_query(browser, sharded, dropped):
    context = browser.new_context()
    page = context.new_page()
    context.route(f"**/pagefind/{dropped}*", lambda route: route.abort())
    page.goto(sharded[1])
    box, output = page.locator("#bank-search-input"), page.locator(OUTPUT)
    box.fill("উদ্ভাবন")
    page.wait_for_function(SETTLED, arg=output.element_handle())
    assert output.inner_text() == t("search.failed", "bn")
    context.unroute(f"**/pagefind/{dropped}*")
    box.fill("সেবা")
    page.wait_for_function(f"el => el.querySelector('.bank-search__link')", arg=output.element_handle())
    context.close()


def test_a_page_keeps_its_shard_until_its_shard_splits():
    pages = [f"ideas/idea-{i}/index.html" for i in range(1000)]
    before = {page: shard.prefix for shard in search.shards("bn", pages, "", 70) for page in shard.pages}
    grown = search.shards("bn", pages + [f"ideas/new-{i}/index.html" for i in range(100)], "", 70)
    after = {page: shard.prefix for shard in grown for page in shard.pages}
    assert all(len(shard.pages) <= 70 for shard in grown)
    for prefix in set(before.values()):  # a shard's pages stay together, or move to its two halves
        kept = {after[page] for page, was in before.items() if was == prefix}
        assert kept == {prefix} or all(now.startswith(prefix) and now != prefix for now in kept), (prefix, kept)
    assert set(before.values()) & set(after.values()) and set(after.values()) - set(before.values())
    in_english = {page: shard.prefix for shard in search.shards("en", ["en/" + p for p in pages], "en/", 70)
                  for page in shard.pages}
    assert all(in_english["en/" + page] == prefix for page, prefix in before.items())


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_the_cache_gives_the_bytes_a_full_index_gives_and_indexes_only_changed_shards(tmp_path, monkeypatch):
    site, cache = _copy_site(tmp_path / "site"), tmp_path / "cache"
    indexed = []
    index = search._index
    monkeypatch.setattr(search, "_index", lambda shard, *args: indexed.append(shard.name) or index(shard, *args))

    _sharded(site)
    full = _files(site / "pagefind")
    _sharded(site, cache=cache)
    assert _files(site / "pagefind") == full
    shards = [shard.name for lang in LANGUAGES for shard in _shards(site, lang)]
    assert sorted(indexed) == sorted(shards + shards)  # the first build with the cache indexes all
    assert len(list(cache.iterdir())) == len(shards)

    indexed.clear()
    _sharded(site, cache=cache)
    assert indexed == [] and _files(site / "pagefind") == full

    edited = site / "ideas" / "lgd-pmis" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</h1>", " জলপাই</h1>", 1), encoding="utf-8")
    _sharded(site, cache=cache)
    assert indexed == [shard.name for shard in _shards(site, "bn") if "ideas/lgd-pmis/index.html" in shard.pages]
    # The site's bundles are linked to the cache's; a file the site's copy changes (its scripts, its
    # entry) is written anew there, so the cache keeps Pagefind's own, which the next build extends.
    for bundle in cache.iterdir():
        assert search.OPTIONS.search((bundle / "pagefind.js").read_text(encoding="utf-8")), bundle
    incremental = _files(site / "pagefind")
    assert incremental != full
    _sharded(site)
    assert _files(site / "pagefind") == incremental
    assert len(list(cache.iterdir())) == len(shards)
