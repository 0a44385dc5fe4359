"""`mkdocs build` as the deploy workflow and a developer run it: the English part follows the
same flags and shows its warnings with the language named, strict mode's failures keep the
previous site, and a second build of the same site while one runs stops at once."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from sitebuild import copy_offices
from test_search_index import Index

ROOT = Path(__file__).resolve().parent.parent
IDEA = "zila-parishad-online-leave"
ENGLISH_WARNING = "contains a link '#nowhere'"


@pytest.fixture
def project(tmp_path) -> Path:
    return _project(tmp_path)


def _project(folder: Path) -> Path:
    """A small bank (every office and team, one innovation) whose English body links to an anchor
    that is not on its page: with anchor checks set to warn, only the English part warns."""
    content = folder / "content"
    copy_offices(content / "offices")
    shutil.copytree(ROOT / "content" / "teams", content / "teams")
    (content / "ideas").mkdir()
    shutil.copy(ROOT / "content/ideas" / f"{IDEA}.md", content / "ideas")
    english = (ROOT / "content/ideas" / f"{IDEA}.en.md").read_text(encoding="utf-8")
    (content / "ideas" / f"{IDEA}.en.md").write_text(english + "\n\n[See below](#nowhere)\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["validation"]["links"]["anchors"] = "warn"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder


def mkdocs_build(project: Path, *flags: str, wait: bool = True):
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), *flags]
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"})
    if not wait:
        return process
    output, _ = process.communicate(timeout=600)
    return process.returncode, output


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """A build of the small bank, and a second build of it started while the first runs: the
    first build's site is the previous site the strict builds below must keep."""
    project = _project(tmp_path_factory.mktemp("project"))
    first = mkdocs_build(project, wait=False)
    lock = project / ".site.lock"
    try:
        deadline = time.monotonic() + 120  # a hang guard, not a time limit on the build
        while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
            assert first.poll() is None and time.monotonic() < deadline, "the first build never started"
            time.sleep(0.05)
        second = mkdocs_build(project)
        assert first.poll() is None, "the first build ended before the second one started: nothing was tested"
    finally:
        first_log, _ = first.communicate(timeout=600)
    return project, (first, first_log), second


def test_strict_failures_keep_the_previous_site(two_builds):
    """The English part shows its warnings with the language named and fails under --strict as
    the first part does; and MkDocs counts strict mode's warnings only after on_post_build, so
    the swap into site/ must not come before that count."""
    project, (first, log), _ = two_builds
    assert first.returncode == 0, log
    warnings = [line for line in log.splitlines() if ENGLISH_WARNING in line]
    assert len(warnings) == 1 and warnings[0].startswith("WARNING") and "[English pages]" in warnings[0], log
    site = project / "site"
    assert (site / "ideas" / IDEA / "index.html").exists() and (site / "en" / "ideas" / IDEA / "index.html").exists()
    marker = site / "previous-build.txt"
    marker.write_text("the site that was published before", encoding="utf-8")
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    code, log = mkdocs_build(project, "--strict")  # a warning in the English part
    assert code != 0, log
    assert "[English pages]" in log and ENGLISH_WARNING in log
    assert "previous site" in log and "unchanged" in log

    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["validation"]["links"]["anchors"] = "info"  # the English part is clean now
    config["nav"] = ["index.md", "missing-page.md"]  # a warning in the Bengali (first) part only
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    code, log = mkdocs_build(project, "--strict")
    assert code != 0, log
    assert "missing-page.md" in log and "strict mode" in log and "unchanged" in log

    assert marker.read_text(encoding="utf-8") == "the site that was published before"
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not any(p.name.startswith(".site-building") for p in project.iterdir()), "staging left behind"


def test_a_second_build_of_the_same_site_stops_at_once(two_builds):
    project, (first, first_log), (code, log) = two_builds
    assert code != 0
    assert f"Another build of this site is running (process {first.pid})" in log
    assert "এই সাইটের আরেকটি বিল্ড এখন চলছে" in log
    assert first.returncode == 0, first_log
    site = project / "site"
    for page in (f"ideas/{IDEA}", f"en/ideas/{IDEA}", "en", "showcase", "en/showcase"):
        assert (site / page / "index.html").exists(), page
    assert f"ideas/{IDEA}/" in Index(site, "bn").pages() and f"en/ideas/{IDEA}/" in Index(site, "en").pages()
