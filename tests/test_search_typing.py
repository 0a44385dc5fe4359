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
