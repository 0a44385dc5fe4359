"""Search as a reader meets it, in Debian's chromium on the built sample site: the judged set of
queries (tests/search_judgements.yaml) through the search box, every result reachable with "show
more", similar words offered apart and labelled, words kept apart in what the index holds, a
small first search, the keyboard, and a box named without a stray label."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from generator import i18n, search
from generator.i18n import catalogue, t
from generator.publish import search_messages
from search_quality import OUTPUT, RESULTS, SETTLED, home, judgements, results
from sitebuild import built_site

# Its tests' pages read the site and keep nothing: one browser context for the module (conftest's page).
pytestmark = pytest.mark.shared_context

SIMILAR = f"{OUTPUT} .bank-search__list--similar .bank-search__link"
MORE = f"{OUTPUT} .bank-search__more"


@pytest.fixture(scope="module")
def boxes(browser, site_url):
    """One phone-sized page per language, its search box reused by every judged query. Each in a
    context of its own: a second page in a context hides the first, and Chromium slows the timers
    of a hidden page to one a second, which made each query take seconds."""
    contexts = {lang: browser.new_context(viewport={"width": 360, "height": 780}) for lang in ("bn", "en")}
    pages = {}
    for lang, context in contexts.items():
        pages[lang] = context.new_page()
        pages[lang].goto(site_url + home(lang))
    yield pages
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("judgement", judgements(), ids=str)
def test_judged_query(boxes, judgement):
    found = results(boxes[judgement.lang], judgement.lang, judgement.query)
    assert len(found) == len(set(found)), f"a page is listed twice: {found}"
    missing = sorted(judgement.must - set(found))
    wrong = sorted(judgement.must_not & set(found))
    assert not missing and not wrong, f"{judgement}: missing {missing}, must not return {wrong}"


def _settle(page):
    page.wait_for_function(SETTLED, arg=page.locator(OUTPUT).element_handle())


def _search(page, query):
    box = page.locator("#bank-search-input")
    box.click()
    box.fill(query)
    box.press("Enter")
    _settle(page)


def test_show_more_reaches_every_result(page, site_url):
    holding = next(j for j in judgements() if (j.lang, j.query) == ("bn", "সেবা")).must
    assert len(holding) > 20
    page.goto(site_url)
    _search(page, "সেবা")
    assert page.locator(RESULTS).count() == 10
    assert page.locator(f"{OUTPUT} .bank-search__meta").first.inner_text() == t("search.other", "bn").replace("{count}", "২৪")
    assert page.locator(MORE).inner_text() == t("search.more", "bn")
    page.locator(MORE).click()
    _settle(page)
    assert page.locator(RESULTS).count() == 20
    page.locator(MORE).click()
    _settle(page)
    assert page.locator(MORE).count() == 0
    shown = {urlparse(a.get_attribute("href")).path.strip("/") for a in page.locator(RESULTS).all()}
    assert shown == holding
    assert page.locator(f"{OUTPUT} .bank-search__meta").first.inner_text() == t("search.other", "bn").replace("{count}", "২৪")


def test_show_more_by_keyboard_carries_on_at_the_first_new_result(page, site_url):
    page.goto(site_url)
    _search(page, "উদ্ভাবন")
    for _ in range(11):  # ten results, then the button
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.className") == "bank-search__more"
    page.keyboard.press("Enter")
    _settle(page)
    links = page.locator(RESULTS)
    assert links.count() == 20
    assert page.evaluate("document.activeElement.href") == links.nth(10).evaluate("a => a.href")


@pytest.mark.parametrize("lang, query, similar, pages", [
    ("bn", "সূফল", ["সুফল"], {"ideas/lgd-pmis"}),              # a vowel sign mistyped
    ("bn", "সবল", ["স্বল্প"], {"ideas/lgd-database-networking", "ideas/lgd-help-desk", "teams/lgd-innovation-team"}),
    ("en", "leaves", ["leave"], {"teams/lgd-innovation-team"}),  # another form of the word
])
def test_similar_words_are_offered_apart_under_a_label(page, site_url, lang, query, similar, pages):
    page.goto(site_url + home(lang))
    _search(page, query)
    label = page.locator(f"{OUTPUT} .bank-search__similar")
    assert label.inner_text() == t("search.similar", lang).replace("{words}", ", ".join(similar))
    shown = {urlparse(a.get_attribute("href")).path.removeprefix("/" + home(lang)).strip("/")
             for a in page.locator(SIMILAR).all()}
    assert shown == pages
    assert not shown & {urlparse(a.get_attribute("href")).path for a in page.locator(RESULTS).all()}


@pytest.mark.parametrize("query", ["সবুজ", "নদীভাঙন"])
def test_a_word_in_no_page_finds_nothing_and_offers_no_unrelated_words(page, site_url, query):
    page.goto(site_url)
    _search(page, query)
    assert page.locator(f"{OUTPUT} .bank-search__meta").inner_text() == t("search.none", "bn")
    assert page.locator(f"{OUTPUT} a").count() == 0


class _Text(HTMLParser):
    """Every text node of a page, each apart: the words a reader sees."""
    def __init__(self):
        super().__init__()
        self.words: set[str] = set()

    def handle_data(self, data):
        self.words.update(search.words(data))


def test_every_word_the_index_holds_is_a_word_of_the_page():
    """Adjacent elements without space between them (a term and its description, two badges) must
    not run together in what the index holds: "জনপ্রশাসনস্থানীয় সরকার" would be found by neither word."""
    site = built_site()
    glued = []
    for path in sorted(site.rglob("*.html")):
        page = str(path.relative_to(site))
        if not search.searched(page, i18n.LANGUAGES):
            continue
        found = search.record(path.read_bytes())
        if found is None:
            continue
        text = _Text()
        text.feed(path.read_text(encoding="utf-8"))
        glued += [f"{page}: {word}" for word in found.words.split() if word not in text.words]
    assert glued == []


def test_excerpts_keep_words_apart(page, site_url):
    page.goto(site_url)
    """An office's or a team's result text is its list of facts: each label apart from the value
    before it ("… বিভাগ ঊর্ধ্বতন দপ্তর …", never "বিভাগঊর্ধ্বতন")."""
    _search(page, "ঊর্ধ্বতন")
    excerpts = page.locator(f"{RESULTS} .bank-search__excerpt").all_inner_texts()
    assert len([text for text in excerpts if re.search(r"\S ঊর্ধ্বতন", text)]) >= 2, excerpts
    assert not any(re.search(r"\Sঊর্ধ্বতন", text) for text in excerpts), excerpts


@pytest.mark.parametrize("query, near", [("সেবা", False), ("সব", True), ("সবুজ", True)])
def test_a_first_search_loads_the_list_of_shards_one_shard_and_the_texts_it_shows(page, site_url, query, near):
    """A first search reads the index's list of shards once, the one shard of its word, and only
    the files of result texts that hold the results shown; the list of near words only when the
    results leave room for similar ones (সব is in four pages, সবুজ in none)."""
    index = json.loads((built_site() / "search" / "bn" / "index.json").read_text(encoding="utf-8"))
    page.goto(site_url)
    page.requests.clear()
    _search(page, query)
    loaded = [urlparse(u).path.removeprefix("/search/bn/").removeprefix(index["digest"] + "/")
              for u in page.requests if "/search/" in u]
    shown = page.locator(RESULTS).count() + page.locator(SIMILAR).count()
    texts = sorted(name for name in loaded if name.startswith("t"))
    assert loaded.count("index.json") == 1
    assert [name for name in loaded if name.startswith("w")] == ["w0.json"] and index["shards"] == [""]
    assert len(texts) == len(set(texts)) <= -(-shown // index["texts"]) + 1
    assert any(name.startswith("l") for name in loaded) == near


def test_a_reader_whose_index_went_with_a_deploy_is_told_and_the_next_search_loads_the_new_one(page, site_url):
    """The files of an index are in a folder named by its digest; a reader who loaded index.json
    before a deploy gets "not found" for the old folder's files (never the new files read by the
    old list), sees that search failed, and the next search loads index.json again."""
    page.goto(site_url)
    page.route("**/search/bn/*/w*.json", lambda route: route.fulfill(status=404, body="gone"))
    _search(page, "সেবা")
    assert page.locator(OUTPUT).inner_text() == t("search.failed", "bn")
    page.unroute("**/search/bn/*/w*.json")
    page.requests.clear()
    _search(page, "সেবা")
    assert page.locator(RESULTS).count() == 10
    assert sum(urlparse(u).path == "/search/bn/index.json" for u in page.requests) == 1


def test_keyboard(page, site_url):
    page.goto(site_url + "en/")
    box = page.locator("#bank-search-input")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "bank-search-input"
    page.keyboard.type("leave")
    _settle(page)
    page.keyboard.press("ArrowDown")
    first = page.locator(RESULTS).first
    assert page.evaluate("document.activeElement.href") == first.evaluate("a => a.href")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "bank-search-input"
    page.keyboard.press("Escape")
    assert box.input_value() == "" and page.locator(OUTPUT).is_hidden()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "bank-search-input"


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_box_is_named_without_a_stray_label(page, site_url, lang):
    page.goto(site_url + home(lang))
    name = t("search.label", lang)
    assert page.get_by_role("searchbox", name=name).is_visible()
    visible = [el for el in page.locator("form.bank-search").get_by_text(name, exact=True).all() if el.is_visible()]
    assert visible == []


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_results_messages_come_with_the_index_not_on_every_page(page, site_url, lang):
    """Every page carries only the message for an index that cannot load; the others, in the
    page's language, are one file read with the index (8.6 MB less at 10,000 innovations), asked
    for with the digest of its text, which every page carries."""
    published = (built_site() / search_messages.PATH).read_text(encoding="utf-8")
    page.goto(site_url + home(lang))
    box = page.locator("form.bank-search")
    attributes = page.evaluate("form => [...form.attributes].map(a => a.name)", box.element_handle())
    assert [a for a in attributes if a.startswith("data-") and a not in ("data-bank-search", "data-base")] == [
        "data-failed", "data-messages"]
    assert box.get_attribute("data-failed") == t("search.failed", lang)
    assert box.get_attribute("data-messages") == search_messages.digest_of(published)
    _search(page, "zzzzqx")
    assert page.locator(f"{OUTPUT} .bank-search__meta").inner_text() == t("search.none", lang)
    asked = [url for url in page.requests if "/assets/javascripts/search-messages.json" in url]
    assert [urlparse(url).query for url in asked] == ["v=" + search_messages.digest_of(published)]


def test_the_messages_address_changes_when_the_catalogues_text_does(monkeypatch):
    """A returning reader's browser has the last messages under the last address, not this one."""
    before = search_messages.text()
    assert json.loads(before)["en"]["none"] == t("search.none", "en")
    changed = {key: dict(entry) for key, entry in catalogue().items()}
    changed["search.more"]["en"] += " (reworded)"
    monkeypatch.setattr(i18n, "catalogue", lambda: changed)
    after = search_messages.text()
    assert json.loads(after)["en"]["more"] == t("search.more", "en") and t("search.more", "en").endswith(" (reworded)")
    assert search_messages.digest_of(after) != search_messages.digest_of(before)
    changed["search.label"]["bn"] = "খুঁজুন"  # not one of the file's messages: the same address
    assert search_messages.digest_of(search_messages.text()) == search_messages.digest_of(after)


def test_every_page_asks_for_the_messages_of_this_build():
    """The pages MkDocs renders itself (the home page, 404) carry the same digest as the others."""
    digest = search_messages.digest_of((built_site() / search_messages.PATH).read_text(encoding="utf-8"))
    for path in ("index.html", "en/index.html", "404.html", "ideas/lgd-help-desk/index.html", "en/browse/index.html"):
        html = (built_site() / path).read_text(encoding="utf-8")
        assert f'data-messages="{digest}"' in html, path
