"""`mkdocs serve --dirty` reloads only what its file watcher reported changed (load.Watched): a
rebuild reads again the content files reported, and lists content/'s folders again only when a
file came or went, a picture changed, or the watcher may have missed something. Each change here
is one an officer makes while the preview runs; the bank must show it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.load import Watched, load
from generator.load import bank as bank_module
from generator.load import listing as listing_module

REPO = Path(__file__).resolve().parent.parent
IDEA = "lgd-help-desk"
TITLE = "স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক"


class Preview:
    """load() as `mkdocs serve` calls it on each rebuild, on a copy of the sample content, with
    what it read and how often it listed the folders."""

    def __init__(self, root: Path, monkeypatch):
        shutil.copytree(REPO / "content", root)
        self.root, self.cache, self.watched = root, {}, Watched(root)
        self.reads: list[str] = []
        self.listings = 0
        reader, scan = bank_module._read_file, listing_module.scan

        def read(file):
            self.reads.append(Path(file[0]).relative_to(root).as_posix())
            return reader(file)

        def listed(folder):
            self.listings += 1
            return scan(folder)

        monkeypatch.setattr(bank_module, "_read_file", read)
        monkeypatch.setattr(listing_module, "scan", listed)

    def load(self, *reported: str, folder: bool = False):
        """The bank after the watcher reported these paths (relative to content/) changed."""
        for path in reported:
            self.watched.changed(str(self.root / path), folder=folder)
        self.reads, self.listings = [], 0
        return load(self.root, cache=self.cache, watched=self.watched)

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(tmp_path, monkeypatch) -> Preview:
    """After the first build (every file read) and the first rebuild once the watcher runs (every
    file compared: it did not see what changed before it started)."""
    preview = Preview(tmp_path / "content", monkeypatch)
    bank, problems = preview.load()
    assert problems == [] and len(preview.reads) == len(bank.ideas) + len(bank.teams) + len(bank.offices)
    preview.watched.watching()
    preview.load()
    assert preview.listings == 1 and preview.reads == []
    return preview


def test_a_reported_edit_is_read_and_no_other_file_is_looked_at(preview):
    preview.edit(f"ideas/{IDEA}.md", TITLE, TITLE + " (নতুন)")
    bank, problems = preview.load(f"ideas/{IDEA}.md")
    assert problems == [] and bank.ideas[IDEA].item.title.bn == TITLE + " (নতুন)"
    assert preview.reads == [f"ideas/{IDEA}.md"] and preview.listings == 0
    assert preview.load() and preview.reads == [] and preview.listings == 0  # nothing reported: nothing read


def test_a_reported_english_body_is_read_with_its_file(preview):
    preview.edit(f"ideas/{IDEA}.en.md", "help desk", "helpdesk")
    bank, _ = preview.load(f"ideas/{IDEA}.en.md")
    assert "helpdesk" in bank.ideas[IDEA].body["en"]
    assert preview.reads == [f"ideas/{IDEA}.md"] and preview.listings == 0


def test_a_file_added_removed_or_renamed_is_listed_again(preview):
    text = (preview.root / f"ideas/{IDEA}.md").read_text(encoding="utf-8")
    (preview.root / "ideas/lgd-help-desk-2.md").write_text(text.replace("aliases: [help-desk]\n", ""), encoding="utf-8")
    bank, problems = preview.load("ideas/lgd-help-desk-2.md")
    assert problems == [] and "lgd-help-desk-2" in bank.ideas and preview.listings == 1
    os.rename(preview.root / "ideas/lgd-help-desk-2.md", preview.root / "ideas/lgd-help-desk-3.md")
    bank, _ = preview.load("ideas/lgd-help-desk-2.md", "ideas/lgd-help-desk-3.md")  # a move: both its paths
    assert "lgd-help-desk-3" in bank.ideas and "lgd-help-desk-2" not in bank.ideas
    (preview.root / "ideas/lgd-help-desk-3.md").unlink()
    bank, _ = preview.load("ideas/lgd-help-desk-3.md")
    assert "lgd-help-desk-3" not in bank.ideas and preview.listings == 1
    assert str(preview.root / "ideas/lgd-help-desk-3.md") not in {str(p) for p in preview.cache}


def test_a_file_replaced_by_a_link_is_refused_not_read(preview):
    path = preview.root / f"ideas/{IDEA}.md"
    path.unlink()
    path.symlink_to("/etc/passwd")
    bank, problems = preview.load(f"ideas/{IDEA}.md")
    assert IDEA not in bank.ideas and f"ideas/{IDEA}.md" not in preview.reads
    assert any(p.code == "symlink" and p.file.endswith(f"ideas/{IDEA}.md") for p in problems)


def test_a_changed_picture_is_looked_at_again(preview):
    (preview.root / "media/louhajanj-idea-bank-steps.png").write_bytes(b"<svg onload=alert(1)>")
    bank, problems = preview.load("media/louhajanj-idea-bank-steps.png")
    assert "media/louhajanj-idea-bank-steps.png" not in bank.media
    assert any(p.code == "image_content" for p in problems)


def test_a_new_folder_is_listed_and_a_hidden_file_is_not_looked_at(preview):
    preview.load(".notes.md", "ideas/.lgd-help-desk.md.swp")  # an editor's: never read
    assert preview.listings == 0
    (preview.root / "ideas/drafts").mkdir()
    bank, problems = preview.load("ideas/drafts", folder=True)
    assert preview.listings == 1 and any(p.code == "not_in_content" for p in problems)


def test_what_the_watcher_may_have_missed_is_compared_file_by_file(preview):
    """Before the watcher runs, and when the plugin cannot be sure it was told everything
    (`unsure`), a change nobody reported is found by comparing every file's state."""
    preview.watched.unsure()
    preview.edit(f"ideas/{IDEA}.md", TITLE, TITLE + " (নতুন)")
    bank, _ = preview.load()
    assert bank.ideas[IDEA].item.title.bn == TITLE + " (নতুন)" and preview.listings == 1

    fresh = Watched(preview.root)  # a preview whose watcher has not started
    fresh.listing, preview.watched = preview.watched.listing, fresh
    preview.edit(f"ideas/{IDEA}.md", " (নতুন)", " (আবার)")
    bank, _ = preview.load()
    assert bank.ideas[IDEA].item.title.bn == TITLE + " (আবার)"
