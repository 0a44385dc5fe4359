"""generator/render.py's Pages gives every page the Page MkDocs' own Page.__init__ makes: the same
attributes, canonical URL and address on the site included, whatever the site's address and the
page's, plain or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.render import Pages

ROOT = Path(__file__).resolve().parent.parent
URIS = ("ideas/first.md", "ideas/online-leave.md", "en/ideas/other.md", "browse/sector/health/2.md", "index.md",
        "en/index.md", "404.md", "ideas/odd name.md", "ideas/উদ্ভাবন.md", "a:b/c.md", "ideas/.hidden.md")
SITES = ("https://innobank.github.io/innobank/", "https://example.org", "https://example.org/a/b?q=1#top",
         "/relative/", "", None)


def attributes(page: Page) -> dict:
    return {name: value for name, value in vars(page).items() if name != "file"}


@pytest.mark.parametrize("site_url", SITES)
@pytest.mark.parametrize("directory_urls", (True, False))
def test_every_page_is_the_page_mkdocs_makes(site_url, directory_urls):
    config = load_config(str(ROOT / "mkdocs.yml"))
    config["site_url"], config["use_directory_urls"] = site_url, directory_urls
    pages = Pages(config)
    for uri in URIS:
        file = File(uri, None, config.site_dir, directory_urls)
        ours = pages(file)
        assert file.page is ours and ours.file is file
        theirs = Page(None, File(uri, None, config.site_dir, directory_urls), config)
        assert attributes(ours) == attributes(theirs), uri
        assert (ours.url, ours.canonical_url, ours.abs_url) == (theirs.url, theirs.canonical_url, theirs.abs_url)
        ours.meta["title"] = "x"  # a page's own placeholders: the next page's are empty
        ours.toc.append("x")
    last = pages(File("ideas/last.md", None, config.site_dir, directory_urls))
    assert (last.meta, last.toc) == ({}, [])


def test_a_config_with_edit_links_gets_mkdocs_pages():
    config = load_config(str(ROOT / "mkdocs.yml"))
    config["repo_url"], config["edit_uri"] = "https://github.com/innobank/innobank", "edit/main/content/"
    pages = Pages(config)
    for uri in URIS[:3]:
        ours = pages(File(uri, None, config.site_dir, True))
        assert ours.edit_url == f"https://github.com/innobank/innobank/edit/main/content/{uri}"
