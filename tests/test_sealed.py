"""The deploy's caches (generator/sealed.py, `innobank cache`): what a deploy restores is used only
with the seal the deploy put on it; anything else restored is removed before the build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import sealed
from generator.cli import main
from generator.i18n import t

PATHS = ("site", ".cache/build")


@pytest.fixture
def restored(tmp_path, monkeypatch) -> Path:
    """A checkout with a site and a build state, sealed by the deploy that saved them."""
    monkeypatch.setenv(sealed.KEY, "the deploy's secret")
    (tmp_path / "site" / "ideas" / "a").mkdir(parents=True)
    (tmp_path / "site" / "ideas" / "a" / "index.html").write_text("<h1>ক</h1>", encoding="utf-8")
    (tmp_path / ".cache" / "build").mkdir(parents=True)
    (tmp_path / ".cache" / "build" / "state.pickle").write_bytes(b"state")
    assert main(["--root", str(tmp_path), "cache", "seal", "build", *PATHS]) == 0
    return tmp_path


def _check(root: Path, capsys) -> str:
    assert main(["--root", str(root), "cache", "check", "build", *PATHS]) == 0
    return capsys.readouterr().out


def test_a_cache_as_the_deploy_sealed_it_is_used(restored, capsys):
    capsys.readouterr()
    assert t("cli.cache_intact", "en", name="build") in _check(restored, capsys)
    assert (restored / "site" / "ideas" / "a" / "index.html").read_text(encoding="utf-8") == "<h1>ক</h1>"
    assert (restored / ".cache" / "build" / "state.pickle").read_bytes() == b"state"


@pytest.mark.parametrize("planted", ["a byte changed", "a page added", "a page removed", "a page renamed",
                                     "a link planted", "a pipe planted", "the seal removed", "another key",
                                     "the seal garbled", "the seal a pipe", "the seal huge"])
def test_a_cache_changed_after_the_deploy_sealed_it_is_removed_unread(restored, capsys, monkeypatch, planted):
    page = restored / "site" / "ideas" / "a" / "index.html"
    seal = restored / ".cache" / "seals" / "build"
    if planted == "a byte changed":
        page.write_text("<h1>খ</h1>", encoding="utf-8")
    elif planted == "a page added":
        (restored / "site" / "evil.html").write_text("<script>", encoding="utf-8")
    elif planted == "a page removed":
        page.unlink()
    elif planted == "a page renamed":
        page.rename(page.with_name("index.htm"))
    elif planted == "a link planted":
        (restored / ".cache" / "build" / "elsewhere").symlink_to("/etc")
    elif planted == "a pipe planted":
        os.mkfifo(restored / ".cache" / "build" / "pipe")
    elif planted == "the seal removed":
        seal.unlink()
    elif planted == "another key":  # a seal made by a run that has not the deploy's secret
        monkeypatch.setenv(sealed.KEY, "a guess")
        sealed.seal(restored, "build", PATHS, sealed.key())
        monkeypatch.setenv(sealed.KEY, "the deploy's secret")
    elif planted == "the seal a pipe":  # would keep the check waiting for ever
        seal.unlink()
        os.mkfifo(seal)
    elif planted == "the seal huge":  # the right seal, then more: only a seal's length is read
        seal.write_text(seal.read_text(encoding="ascii").strip() + "0" * 10_000_000, encoding="ascii")
    else:
        seal.write_text("not a seal", encoding="ascii")
    capsys.readouterr()
    out = _check(restored, capsys)
    assert t("cli.cache_removed", "en", name="build", paths=", ".join(PATHS)) in out
    assert not os.path.lexists(restored / "site") and not os.path.lexists(restored / ".cache" / "build")
    assert not seal.exists()
    assert Path("/etc/passwd").exists(), "a link is removed, not followed"


def test_without_the_secret_the_cache_is_used_as_before_and_the_deploy_is_told(restored, capsys, monkeypatch):
    monkeypatch.delenv(sealed.KEY)
    (restored / "site" / "extra.html").write_text("x", encoding="utf-8")
    capsys.readouterr()
    out = _check(restored, capsys)
    assert t("cli.cache_no_key", "en", secret=sealed.KEY, name="build") in out
    assert (restored / "site" / "extra.html").exists()


def test_a_link_on_the_way_to_a_cache_is_removed_not_followed(restored, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "build").mkdir()
    (elsewhere / "build" / "keep.txt").write_text("not the deploy's", encoding="utf-8")
    shutil.rmtree(restored / ".cache")
    (restored / ".cache").symlink_to(elsewhere)
    capsys.readouterr()
    assert t("cli.cache_removed", "en", name="build", paths=", ".join(PATHS)) in _check(restored, capsys)
    assert not os.path.lexists(restored / ".cache") and not os.path.lexists(restored / "site")
    assert (elsewhere / "build" / "keep.txt").read_text(encoding="utf-8") == "not the deploy's"


def test_a_first_deploy_is_told_there_was_no_cache(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(sealed.KEY, "the deploy's secret")
    assert main(["--root", str(tmp_path), "cache", "check", "build", *PATHS]) == 0
    assert t("cli.cache_none", "en", name="build") in capsys.readouterr().out
