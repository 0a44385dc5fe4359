"""`mkdocs serve --dirty` (what `make serve` runs): an officer edits a content file and the
preview shows it — on the innovation's own page and on the pages that list it — and a mistake
shows the validation message without stopping the server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.i18n import t
from test_search_index import Index

ROOT = Path(__file__).resolve().parent.parent
IDEA = "lgd-help-desk"
OLD = "স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক"
HELD = "firstquickedit"  # a word whose search index the server below writes late

# `mkdocs serve`, as the tests run it. Search writes no line of its own: this server logs each index
# it wrote, so a test knows when search caught up. And it writes the index of a page that holds HELD
# late, as a bank of thousands of innovations does (seconds, where a quick rebuild takes less): only
# once the next rebuild has asked for its own index, and a moment after. Two quick edits' indexes
# were written in whichever order their writes came, and the first edit's could replace the last's.
SERVE = f"""
import logging, sys, threading, time
from generator import plugin

log = logging.getLogger("mkdocs.plugins.innobank")
write, index_preview = plugin._write_search, plugin.InnobankPlugin._index_preview
rebuilds, held, asked = [0], [], threading.Event()

def _write_search(site, records):
    if not held and any({HELD!r} in found.words.split() for found in records.values() if found is not None):
        held.append(rebuilds[0])
        asked.wait(120)
        time.sleep(2)
    write(site, records)
    log.info("Search index written (%d pages)", sum(found is not None for found in records.values()))

def _index_preview(self, site):
    rebuilds[0] += 1
    index_preview(self, site)
    if held and rebuilds[0] > held[0]:
        asked.set()

plugin._write_search, plugin.InnobankPlugin._index_preview = _write_search, _index_preview
sys.argv = ["mkdocs", *sys.argv[1:]]
from mkdocs.__main__ import cli
cli()
"""


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


class Preview:
    """A `mkdocs serve --dirty` of a copy of the repository, with its log."""

    def __init__(self, folder: Path):
        for name in ("content", "theme"):
            shutil.copytree(ROOT / name, folder / name)
        shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.folder, self.log, self.url = folder, [], None
        self.temporary = folder / "tmp"  # the server's TMPDIR: where it keeps its site while it runs
        self.temporary.mkdir()
        self.proc = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                     cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True, env={**os.environ, "TMPDIR": str(self.temporary)})
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.wait_for_log(r"Serving on (http://\S+)")
        except BaseException:  # a server that never came up is not left running after the tests
            self.stop()
            raise
        self.url = re.search(r"Serving on (http://\S+)", "".join(self.log)).group(1).rstrip("/") + "/"

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)

    def wait_for_log(self, pattern: str, after: int = 0, limit: float = 180):
        deadline = time.monotonic() + limit
        while not re.search(pattern, "".join(self.log[after:])):
            assert self.proc.poll() is None, "mkdocs serve stopped:\n" + "".join(self.log)
            assert time.monotonic() < deadline, f"no {pattern!r} in the log:\n" + "".join(self.log)
            time.sleep(0.1)

    def wait_for_page(self, path: str, text: str, limit: float = 60) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            page = _get(self.url + path)
            if text in page:
                return page
            assert self.proc.poll() is None, "mkdocs serve stopped:\n" + "".join(self.log)
            time.sleep(0.2)
        raise AssertionError(f"{path} never showed {text!r}; log:\n" + "".join(self.log[-30:]))

    @property
    def site(self) -> Path:
        """The folder the server builds its site into."""
        return next(self.temporary.glob("mkdocs_*"))

    def wait_for_search(self, limit: float = 180):
        """Until search has caught up with the last rebuild (it indexes after the page is shown)."""
        deadline = time.monotonic() + limit
        while True:
            log = "".join(self.log)
            if log.rfind("Search index written") > log.rfind("Detected file changes"):
                return
            assert time.monotonic() < deadline, "search never caught up:\n" + log
            time.sleep(0.1)

    def edit(self, relative: str, old: str, new: str) -> int:
        """Replace text in a content file; returns where the log stood before the edit."""
        path = self.folder / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        mark = len(self.log)
        path.write_text(text.replace(old, new), encoding="utf-8")
        return mark

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    server = Preview(tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


def test_an_edit_shows_on_the_page_and_where_it_is_listed(preview):
    assert OLD in preview.wait_for_page(f"ideas/{IDEA}/", OLD)
    new = OLD + " (সংশোধিত)"
    preview.edit(f"content/ideas/{IDEA}.md", f'bn: "{OLD}"', f'bn: "{new}"')
    preview.wait_for_page(f"ideas/{IDEA}/", new)
    preview.wait_for_page("offices/lgd/", new)  # the office page lists it: re-rendered too
    preview.wait_for_page("teams/lgd-innovation-team/", new)  # so does its team's
    preview.wait_for_page("browse/", new)  # and the listings
    preview.wait_for_page("browse/office/lgd/", new)
    assert "index.md" not in "".join(preview.log)  # no warning about the navigation on a rebuild


def _found(preview: Preview, lang: str, query: str, url: str, limit: float = 120) -> Index:
    """The served site's index of a language, once a search for the query finds the page (the
    index is written after the page is shown)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            index = Index(preview.site, lang)
            if url in index.find(query):
                return index
        except FileNotFoundError:  # replaced by a later write since index.json was read
            pass
        assert time.monotonic() < deadline, f"search never found {url} by {query!r}:\n" + "".join(preview.log[-30:])
        time.sleep(0.2)


def test_search_catches_up_with_an_edit_leaving_the_other_languages_index_as_it_was(preview):
    """The page shows an edit before search has it; search then has it too. The edit is to the
    English body, which only the English page shows (a title is on both pages' share card): the
    Bengali index is the same files, which a reader who loaded it keeps reading."""
    old, new = "innovation bank\" that keeps", "innovation bank\" that safely keeps"
    preview.wait_for_search()  # an earlier test's edit, indexed late, would be counted as this one's
    bengali = Index(preview.site, "bn").digest
    mark = preview.edit("content/ideas/mopa-innovation-bank.en.md", old, new)
    preview.wait_for_page("en/ideas/mopa-innovation-bank/", new)
    _found(preview, "en", "safely keeps", "en/ideas/mopa-innovation-bank/")
    preview.wait_for_search()
    assert Index(preview.site, "bn").digest == bengali
    assert "ideas/mopa-innovation-bank/" in Index(preview.site, "bn").find("সেবা")
    # content/ is watched through the system's file events, and a rebuild reading it is no change
    assert re.search(r"Watching \S+/content for changes", "".join(preview.log[:mark]))
    assert "".join(preview.log[mark:]).count("Detected file changes") == 1


def test_after_two_quick_edits_search_has_the_last(preview):
    """Search is written in the background after each quick rebuild: the second edit's index, asked
    for while the first's is still being written, is written after it, not replaced by it."""
    path, page = "content/ideas/lgd-pmis.en.md", "en/ideas/lgd-pmis/"
    preview.wait_for_search()
    first = preview.edit(path, "personnel", f"personnel {HELD}")
    preview.wait_for_page(page, HELD)
    preview.edit(path, HELD, "secondquickedit")
    preview.wait_for_page(page, "secondquickedit")
    deadline = time.monotonic() + 180
    while "".join(preview.log[first:]).count("Search index written") < 2:  # the first edit's and the second's
        assert time.monotonic() < deadline, "search never caught up:\n" + "".join(preview.log[first:])
        time.sleep(0.1)
    index = Index(preview.site, "en")
    assert index.find("secondquickedit") == {page} and index.find(HELD) == set()


def test_a_mistake_shows_the_message_and_the_fix_shows_the_page(preview, browser):
    path = f"content/ideas/{IDEA}.md"
    mark = preview.edit(path, "status: implemented", "status: finished")
    preview.wait_for_log(r'"finished" is not one of the allowed values', after=mark)
    message = "".join(preview.log[mark:])
    assert f"ideas/{IDEA}.md" in message and "9:1 status" in message and "Traceback" not in message
    # The browser is answered at once (MkDocs alone holds a request until a build succeeds), with
    # the message in both languages; the page shows the site again by itself once the file is fixed
    tab = browser.new_page()
    try:
        response = tab.goto(preview.url + f"ideas/{IDEA}/", timeout=20000)
        assert response.status == 500
        shown = tab.locator("body").inner_text()
        assert t("build.serve_failed", "bn") in shown and t("build.serve_fix", "en") in shown
        assert f"ideas/{IDEA}.md" in shown and '"finished" is not one of the allowed values' in shown
        preview.edit(path, "status: finished", "status: piloting")
        tab.wait_for_function("() => document.body.innerText.includes('পাইলটিং')", timeout=60000)
        assert t("build.serve_failed", "bn") not in tab.locator("body").inner_text()
    finally:
        tab.close()


def test_a_renamed_office_shows_on_the_innovation_cards_that_name_it(preview):
    new = "স্থানীয় সরকার বিভাগ (নতুন নাম)"
    preview.edit("content/offices/lgd.yaml", 'bn: "স্থানীয় সরকার বিভাগ"', f'bn: "{new}"')
    preview.wait_for_page("showcase/", new)  # a card of an innovation of the office, not the office's page
    # the innovation's page, whose file (and record) did not change: its office's name did
    preview.wait_for_page(f"ideas/{IDEA}/", new)


def test_the_sitemap_follows_a_page_added_or_removed_on_a_quick_rebuild(preview):
    slug, path = "lgd-help-desk-2", preview.folder / "content/ideas/lgd-help-desk-2.md"
    loc = f"/ideas/{slug}/</loc>"  # under the preview's own address, which serve puts in site_url
    assert loc not in _get(preview.url + "sitemap.xml")
    copy = (preview.folder / f"content/ideas/{IDEA}.md").read_text(encoding="utf-8")
    path.write_text(copy.replace("aliases: [help-desk]\n", ""), encoding="utf-8")  # an old name is one innovation's
    preview.wait_for_page(f"ideas/{slug}/", "হেল্প ডেস্ক")
    assert loc in preview.wait_for_page("sitemap.xml", loc)
    path.unlink()
    deadline = time.monotonic() + 60
    while loc in (sitemap := _get(preview.url + "sitemap.xml")) or "</urlset>" not in sitemap:
        assert time.monotonic() < deadline, "the sitemap still lists the removed page:\n" + "".join(preview.log[-30:])
        time.sleep(0.2)


def test_an_edit_reaches_the_pages_that_show_it_from_another_file(preview):
    """A quick rebuild makes again only the pages whose records changed (Relations.again): an
    office's new adoption is shown on the innovation's page, whose file did not change; a team's
    new name on its parent team's page."""
    adopted = "content/offices/dc-comilla.yaml"
    assert "কুমিল্লা" not in preview.wait_for_page(f"ideas/{IDEA}/", "</html>")
    preview.edit(adopted, "adopted:\n", f"adopted:\n  - idea: {IDEA}\n    year: 2024\n")
    preview.wait_for_page(f"ideas/{IDEA}/", "কুমিল্লা")
    team, new = "content/teams/louhajanj-innovation-team.md", "লৌহজং উপজেলা ইনোভেশন কমিটি (নতুন নাম)"
    preview.edit(team, 'bn: "লৌহজং উপজেলা ইনোভেশন কমিটি"', f'bn: "{new}"')
    preview.wait_for_page("teams/munshiganj-innovation-team/", new)


def test_an_edited_picture_and_english_body_reach_the_preview(preview):
    """The plugin reads content/ itself (MkDocs lists an empty docs_dir): its pictures are still
    published, a picture an officer replaces is published anew, and an edit to an English body
    (its own file) reaches the English page."""
    import io

    from PIL import Image

    name = "media/louhajanj-idea-bank-steps.png"
    picture = preview.folder / "content" / name
    assert _get_bytes(preview.url + name) == picture.read_bytes()
    replaced = io.BytesIO()
    Image.new("RGB", (7, 5), (200, 30, 30)).save(replaced, format="PNG")
    picture.write_bytes(replaced.getvalue())
    deadline = time.monotonic() + 60
    while _get_bytes(preview.url + name) != replaced.getvalue():
        assert time.monotonic() < deadline, "the old picture is still served:\n" + "".join(preview.log[-30:])
        time.sleep(0.2)
    preview.edit(f"content/ideas/{IDEA}.en.md", "set up a help desk", "set up a helpdesk (revised)")
    preview.wait_for_page(f"en/ideas/{IDEA}/", "helpdesk (revised)")


def _get_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (urllib.error.URLError, OSError):
        return None


def test_a_rebuild_that_fails_leaves_no_page_unmade_on_the_next(preview):
    """A rebuild that stops half-way (a full disk, a file in a page's way) has not written every
    page it set out to make: the next rebuild makes them, though their files did not change again."""
    site = next(preview.temporary.glob("mkdocs_*"))
    page = site / "en/ideas/nilg-innovation-sessions/index.html"
    page.unlink()
    page.mkdir()  # in the page's way: the rebuild cannot write it
    mark = preview.edit("content/ideas/nilg-innovation-sessions.en.md", "permanent part", "lasting part")
    preview.wait_for_log("An error happened during the rebuild", after=mark)
    page.rmdir()
    preview.edit("content/ideas/zila-parishad-online-leave.en.md", "who needed leave", "who needed leave (district councils)")
    preview.wait_for_page("en/ideas/zila-parishad-online-leave/", "(district councils)")
    preview.wait_for_page("en/ideas/nilg-innovation-sessions/", "lasting part")


def test_a_terminated_preview_removes_its_temporary_files(preview):
    """SIGTERM (a service manager, `docker stop`, a closed CI job) stops the preview as Ctrl-C does:
    the site it served, some 100 MB at 10,000 innovations, its search index with it, leaves /tmp
    with it. Runs last: it stops the module's server."""
    assert any(preview.temporary.iterdir())
    preview.stop()
    assert list(preview.temporary.iterdir()) == [], "".join(preview.log[-40:])
    assert "Shutting down" in "".join(preview.log)
