"""The judged search set (tests/search_judgements.yaml) as a reader meets it: each query typed into
the search box of a built site, every result collected with "show more". test_search.py asserts
the judgements; run as a script, this prints precision at 5 and recall over the set:

    python tests/search_quality.py [SITE_DIR]      (default: the sample site the tests build)

Precision at 5: of a query's first five results, the share its judgement says it must return
(a query that must return nothing scores 1 when it returns nothing, 0 otherwise). Recall: of the
pages a query must return, the share returned. Both are averaged over the queries."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitebuild import ROOT  # noqa: E402

JUDGEMENTS = ROOT / "tests" / "search_judgements.yaml"
OUTPUT = "#bank-search-results"
SETTLED = "el => !el.hidden && el.getAttribute('aria-busy') !== 'true'"  # the old box rendered once, unbusy
RESULTS = f"{OUTPUT} .bank-search__list:not(.bank-search__list--similar) .bank-search__link"


@dataclass(frozen=True)
class Judgement:
    lang: str
    query: str
    must: frozenset[str]
    must_not: frozenset[str]

    def __str__(self) -> str:
        return f"{self.lang}:{self.query}"


def judgements() -> list[Judgement]:
    data = yaml.safe_load(JUDGEMENTS.read_text(encoding="utf-8"))
    return [Judgement(lang, str(item["query"]), frozenset(item["must"]), frozenset(item["must_not"]))
            for lang in ("bn", "en") for item in data[lang]]


def home(lang: str) -> str:
    return "" if lang == "bn" else f"{lang}/"


def results(page, lang: str, query: str) -> list[str]:
    """The site paths (under the language's root) of every result the box shows for the query, in
    order, after pressing "show more" until it is gone. The page shows that language's home page."""
    box = page.locator("#bank-search-input")
    box.click()
    box.press("Escape")
    box.fill(query)
    box.press("Enter")  # the search key: at once, without the pause typing waits for (test_search's test_keyboard)
    output = page.locator(OUTPUT).element_handle()  # one element, which Escape hid: settled is the new results
    page.wait_for_function(SETTLED, arg=output)
    more = page.locator(f"{OUTPUT} .bank-search__more")
    while more.count():
        more.click()
        page.wait_for_function(SETTLED, arg=output)
    root = "/" + home(lang)
    hrefs = page.locator(RESULTS).evaluate_all("links => links.map(a => a.getAttribute('href'))")  # one round trip
    return [urlparse(href).path.removeprefix(root).strip("/") for href in hrefs]


def precision_at_5(judgement: Judgement, found: list[str]) -> float:
    first = found[:5]
    if not first:
        return 1.0 if not judgement.must else 0.0
    return sum(path in judgement.must for path in first) / len(first)


def recall(judgement: Judgement, found: list[str]) -> float | None:
    return len(judgement.must & set(found)) / len(judgement.must) if judgement.must else None


def main(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM
    from sitebuild import serve

    server, url = serve(site)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pages = {}
        for judgement in judgements():
            if judgement.lang not in pages:
                pages[judgement.lang] = browser.new_page()
                pages[judgement.lang].goto(url + home(judgement.lang))
            found = results(pages[judgement.lang], judgement.lang, judgement.query)
            wrong = judgement.must_not & set(found)
            rows.append((judgement, precision_at_5(judgement, found), recall(judgement, found), len(wrong)))
            print(f"{judgement}: {len(found)} results, P@5 {rows[-1][1]:.2f}, recall "
                  f"{'-' if rows[-1][2] is None else format(rows[-1][2], '.2f')}, {len(wrong)} it must not return")
        browser.close()
    server.shutdown()
    for lang in ("bn", "en", None):
        chosen = [r for r in rows if lang in (None, r[0].lang)]
        recalls = [r[2] for r in chosen if r[2] is not None]
        print(f"{lang or 'all'}: {len(chosen)} queries, precision at 5 {sum(r[1] for r in chosen) / len(chosen):.3f}, "
              f"recall {sum(recalls) / len(recalls):.3f}, {sum(1 for r in chosen if r[3])} queries returned a page "
              f"they must not")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        from sitebuild import built_site
        main(built_site())
