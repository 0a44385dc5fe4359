"""Builds the sample site once per test session (the tests only read it) and serves it."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = ROOT / "tests" / "artifacts" / "site"


@functools.lru_cache(maxsize=None)
def built_site() -> Path:
    shutil.rmtree(BUILD_DIR, ignore_errors=True)  # a full build: nothing taken from the last session's site
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(BUILD_DIR)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return BUILD_DIR


def html(path: str) -> str:
    """The built page at a site path such as 'en/ideas/x/'."""
    return (built_site() / path / "index.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The visible text of a page, roughly: tags, scripts and styles removed."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def copy_offices(target: Path) -> None:
    """The sample content/offices into target, without the innovations they adopted (`adopted:`
    names innovations, which a test's small bank may leave out)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "content" / "offices").glob("*.yaml"):
        office = yaml.safe_load(path.read_text(encoding="utf-8"))
        if office.pop("adopted", None) is None:
            (target / path.name).write_bytes(path.read_bytes())
        else:
            (target / path.name).write_text(yaml.safe_dump(office, allow_unicode=True), encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # LinkChecker slows itself to a few requests a second for a host that does not send this
        # header (politeness towards other people's servers); this one is ours.
        self.send_header("LinkChecker", "1")
        super().end_headers()


def serve(directory: Path, port: int = 0, handler_class: type = _Quiet):
    """A local static server (like any static host); returns (server, base URL)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
