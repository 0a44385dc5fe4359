"""A generated page's canonical address and path, joined without urljoin (generator/render.py's
GeneratedPage), are the ones MkDocs' Page gives it, whatever the site's address."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from hypothesis import example, given, settings, strategies as st
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.render import GeneratedPage

SITES = ["https://innobank.github.io/innobank/", "https://bank.gov.bd", "https://bank.gov.bd/a/./b/", "/",
         "https://bank.gov.bd/a/?q=1", "https://bank.gov.bd//a/", "http://127.0.0.1:8000/innobank/", ""]
SEGMENT = st.text(alphabet=st.sampled_from(list("ab-_.~%:?#অ ")), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SITES), st.lists(SEGMENT, min_size=1, max_size=4), st.booleans())
@example(SITES[0], ["ideas", "..", "teams", "x"], False)
@example(SITES[0], ["..", "..", "x"], True)
@example(SITES[0], ["a", "...", "b"], False)
def test_the_canonical_address_is_mkdocs_own(site_url, segments, folder):
    src_uri = "/".join(segments) + ("/index.md" if folder else ".md")
    file = File(src_uri, None, "/tmp/site", use_directory_urls=True)
    config = SimpleNamespace(get={"site_url": site_url}.get)
    ours, mkdocs = GeneratedPage(None, file, config), Page(None, file, config)
    assert (ours.canonical_url, ours.abs_url) == (mkdocs.canonical_url, mkdocs.abs_url)


def test_a_generated_page_s_address_is_joined_as_it_is():
    file = File(quote("ideas/অনলাইন-ছুটি.md"), None, "/tmp/site", use_directory_urls=True)
    page = GeneratedPage(None, file, SimpleNamespace(get={"site_url": "https://innobank.github.io/innobank"}.get))
    assert page.canonical_url == "https://innobank.github.io/innobank/" + file.url
    assert page.abs_url == "/innobank/" + file.url
