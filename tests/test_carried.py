"""A commit cannot plant files where a build keeps its own: the build state (a pickle, which would
run code when read), share images (an innovation's preview picture) and pages in the previous site
(published as they are by an incremental deploy). The deploy restores .cache/ and site/ from the
Actions cache after the checkout; what git tracks there came from a commit and is removed."""

from __future__ import annotations

import json
import pickle
import subprocess
from pathlib import Path

from PIL import Image

from generator import carried, incremental
from generator.i18n import t
from generator.load import load
from generator.publish import share_images
from test_build import IDEA, ROOT, mkdocs_build, project  # noqa: F401 — the fixture
from test_search_index import Index


class _Payload:
    """Unpickling it creates the file `marker`: what a planted state could do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "a",
                        "GIT_COMMITTER_EMAIL": "a@example.org", "PATH": "/usr/bin:/bin", "HOME": str(project)})


def test_files_a_commit_puts_in_cache_or_site_are_removed_and_never_trusted(project, tmp_path):
    site = project / "site"
    marker = tmp_path / "the-planted-state-ran"
    state = incremental.state_folder(project / "mkdocs.yml", site) / "state.pickle"
    state.parent.mkdir(parents=True)
    state.write_bytes(pickle.dumps(_Payload(marker)))
    (site / "ideas").mkdir(parents=True)
    (site / "planted.html").write_text("<script>steal()</script>", encoding="utf-8")
    (site / "index.html").write_text("defaced", encoding="utf-8")

    # A picture under the very name this build gives the innovation's share image.
    bank, _ = load(project / "content")
    fonts = share_images.Fonts(ROOT / "theme")
    name = share_images.file_name(share_images.card(bank.ideas[IDEA], bank), fonts)
    planted_image = project / ".cache" / "share-images" / name
    planted_image.parent.mkdir(parents=True)
    Image.new("RGB", (1200, 630), "red").save(planted_image)

    # Links where the build stages its site and keeps its lock: followed, they would have it empty
    # and fill a folder, and write a file, outside the checkout.
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "folder" / "keep").write_text("kept", encoding="utf-8")
    (outside / "file").write_text("kept", encoding="utf-8")
    (project / ".site-building").symlink_to(outside / "folder")
    (project / ".site.lock").symlink_to(outside / "file")

    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "add", "-f", ".cache", "site", ".site-building", ".site.lock")  # past .gitignore, as a pull request can
    _git(project, "commit", "-qm", "planted")

    code, output = mkdocs_build(project)

    assert code == 0, output
    assert not marker.exists(), "the planted state was unpickled"
    assert t("build.carried", "en", count=6, site="site", files="").split("(")[0] in output
    assert not (site / "planted.html").exists() and not site.is_symlink()
    assert sorted(p.name for p in outside.rglob("*")) == ["file", "folder", "keep"], "nothing outside is written"
    assert (outside / "folder" / "keep").read_text(encoding="utf-8") == (outside / "file").read_text(encoding="utf-8") == "kept"
    assert "defaced" not in (site / "index.html").read_text(encoding="utf-8")
    published = site / share_images.SITE_PATH / name
    assert published.is_file() and f"{share_images.SITE_PATH}{name}" in (site / "ideas" / IDEA / "index.html").read_text(encoding="utf-8")
    assert Image.open(published).convert("RGB").getpixel((0, 0)) != (255, 0, 0), "the planted picture is published"


def test_a_checkout_git_cannot_list_trusts_nothing(tmp_path):
    """A work tree whose git fails (a damaged index, a refused folder): unknown is not "nothing"."""
    _git(tmp_path, "init", "-q")
    (tmp_path / ".cache").mkdir()
    assert carried.tracked(tmp_path, [tmp_path / ".cache"]) == []
    (tmp_path / ".git" / "index").write_bytes(b"not an index")
    assert carried.tracked(tmp_path, [tmp_path / ".cache"]) is None
    assert carried.tracked(tmp_path / "elsewhere", [tmp_path / "elsewhere" / ".cache"]) is None  # git's folder above


def test_a_committed_file_of_the_search_index_leaves_nothing_of_it_trusted(project):
    """One file of the site's search index, committed with words of its own: the index is written
    whole by the build, never a mix of its files and a commit's (and the build after it, with the
    file still in the commit, too)."""
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "the bank")
    code, output = mkdocs_build(project)
    assert code == 0, output
    index = Index(project / "site", "bn")
    shard = index.folder / "w0.json"
    planted = json.loads(shard.read_text(encoding="utf-8"))
    planted["words"][0], planted["pages"][0] = "planted", [0, 2, 2]
    shard.write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
    _git(project, "add", "-f", str(shard.relative_to(project)))
    _git(project, "commit", "-qm", "planted")

    for _ in range(2):
        code, output = mkdocs_build(project)
        assert code == 0, output
        index = Index(project / "site", "bn")
        assert index.find("planted") == set()
        assert f"ideas/{IDEA}/" in index.find("ছুটি") and len(index.postings) > 100
        assert (project / "site" / "ideas" / IDEA / "index.html").is_file()
