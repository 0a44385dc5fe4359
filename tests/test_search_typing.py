"""How long the search box waits after the last key before it searches, on a clock the test moves
(Playwright's fake timers in the page): twice the reader's usual gap between keys, not less than
150 ms and not more than 300, so a quick typist's half-typed word is not searched and their
results still come sooner than a slow typist's. Its own module: the clock is the context's."""

from __future__ import annotations

import pytest

from search_quality import OUTPUT, RESULTS, SETTLED


@pytest.mark.parametrize("gap, pause", [(80, 160), (40, 150), (200, 300)])
def test_the_search_waits_twice_the_gap_between_keys(page, site_url, gap, pause):
    page.clock.install()
    page.goto(site_url)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # from here the page's time moves only with run_for
    box = page.locator("#bank-search-input")
    box.focus()
    output = page.locator(OUTPUT).element_handle()
    for i, key in enumerate("উদ্ভাবন"):
        if i:
            page.clock.run_for(gap)
            assert page.locator(OUTPUT).is_hidden(), f"searched {i} letters, {gap} ms after one"
        page.keyboard.insert_text(key)
    page.clock.run_for(pause - 1)
    page.wait_for_timeout(1000)  # a search begun would show by now
    assert page.locator(OUTPUT).is_hidden()
    assert page.locator(OUTPUT).get_attribute("aria-busy") == "true"
    page.clock.run_for(1)
    page.wait_for_function(SETTLED, arg=output)
    assert page.locator(RESULTS).count() == 10


def test_a_search_begun_before_the_reader_typed_on_shows_the_last_words_results(page, site_url):
    """The search begins (unshown) a little after the reader's usual gap between keys, before the
    pause ends; a key after that makes it stale: the results shown are those of what the box holds,
    here a broader word than the one begun (whose results hold it too), searched at once (Enter),
    as in a new page."""
    links = f"{OUTPUT} .bank-search__link"
    page.clock.install()
    page.goto(site_url)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    box = page.locator("#bank-search-input")
    box.focus()
    output = page.locator(OUTPUT).element_handle()
    for i, key in enumerate("উদ্ভাবনী"):
        if i:
            page.clock.run_for(80)
        page.keyboard.insert_text(key)
    page.clock.run_for(110)  # more than 1.25 times the gap: the search of উদ্ভাবনী begins
    page.wait_for_timeout(1000)  # and has its answer (the worker's time is not the clock's)
    assert page.locator(OUTPUT).is_hidden()
    page.keyboard.press("Backspace")  # before the pause ends
    page.keyboard.press("Enter")
    page.wait_for_function(SETTLED, arg=output)
    typed = page.locator(links).evaluate_all("a => a.map(l => l.href)")
    shown = {}
    for query in ("উদ্ভাবনী", "উদ্ভাবন"):
        box.fill(query)
        box.press("Enter")
        page.wait_for_function(SETTLED, arg=output)
        shown[query] = page.locator(links).evaluate_all("a => a.map(l => l.href)")
    assert typed == shown["উদ্ভাবন"] != shown["উদ্ভাবনী"]
