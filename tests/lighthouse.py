"""Lighthouse over the served sample site: one page of each kind (PAGES), in one Chrome
(tests/lighthouse.mjs). Shared by the gate (tests/test_standards.py) and the figures
(bench/lighthouse.py). The gate's first run starts with the session (start(), from
tests/conftest.py) beside the other tests, which leave one of the two CPUs idle most of the time."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE.parent / ".venv" / "lighthouse"  # the Makefile installs it there
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# One page of each kind; the English page is the same path under en/.
KINDS = {
    "home": "",
    "innovation": "ideas/zila-parishad-online-leave/",
    "showcase": "showcase/",
    "browse": "browse/",
    "office": "offices/lgd/",
    "team": "teams/lgd-innovation-team/",
    "place": "places/munshiganj/",
}
# Every kind in Bengali; in English, whose pages come from the same templates and differ in their
# typeface and text, an innovation, the page citizens read most (each page is about 15 s of a
# 10-minute `make test`; bench/lighthouse.py measures every page in both languages).
ENGLISH = ("innovation",)
PAGES = [(kind, "bn", path) for kind, path in KINDS.items()] + [(kind, "en", "en/" + KINDS[kind]) for kind in ENGLISH]
EVERY = [(kind, lang, ("" if lang == "bn" else "en/") + path) for lang in ("bn", "en") for kind, path in KINDS.items()]  # bench/lighthouse.py


def missing() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not (LIGHTHOUSE / "node_modules" / "lighthouse").is_dir():
        return "Lighthouse is not installed: run `make test`, which installs it"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed: run `make test`, which installs it"
    return None


def run(base_url: str, paths: list[str], cpu_slowdown: float | None = None, processes: int = 1) -> list[dict]:
    """One result per path, in order (tests/lighthouse.mjs describes the fields and how the CPU
    slowdown is calibrated when cpu_slowdown is None). With processes > 1 the paths are shared
    among that many Lighthouses, each with its own Chrome, run at once: each calibrates its CPU
    slowdown on the CPU it gets, so the simulated phone stays the same."""
    shares = [paths[i::processes] for i in range(processes) if paths[i::processes]]
    with ThreadPoolExecutor(len(shares)) as pool:  # each read as it runs: a full pipe would stall it
        done = list(pool.map(lambda share: subprocess.run(
            _command(base_url, share), env=_env(cpu_slowdown), capture_output=True, text=True, timeout=1200), shares))
    by_url = {}
    for result in done:
        by_url.update(_parsed(result.returncode, result.stdout, result.stderr))
    return [by_url[base_url + path] for path in paths]


def _command(base_url: str, paths: list[str]) -> list[str]:
    return ["node", str(HERE / "lighthouse.mjs"), *(base_url + p for p in paths)]


def _env(cpu_slowdown: float | None) -> dict:
    env = {**os.environ, "LIGHTHOUSE": str(LIGHTHOUSE), "CHROME_PATH": CHROMIUM}
    if cpu_slowdown:
        env["LIGHTHOUSE_CPU"] = str(cpu_slowdown)
    return env


def _parsed(returncode: int, stdout: str, stderr: str) -> dict[str, dict]:
    assert returncode == 0, stderr[-4000:]
    return {r["url"]: r for r in map(json.loads, (line for line in stdout.splitlines() if line.startswith("{")))}


# The sample site served by a process of its own (the tests' server is a thread of pytest, which a
# busy test would slow, and Lighthouse counts the server's answer time), as sitebuild.serve serves it.
_SERVE = """import sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sitebuild import serve
print(serve(Path(sys.argv[2]))[1], flush=True)
threading.Event().wait()
"""
_early: dict = {}  # the run start() began: paths, server, lighthouse and its output files


def start(site: Path, paths: list[str]) -> None:
    """Lighthouse on paths of the built site, one page after another in one Chrome, in the
    background; results() collects it."""
    server = subprocess.Popen([sys.executable, "-c", _SERVE, str(HERE), str(site)], stdout=subprocess.PIPE, text=True)
    base_url = server.stdout.readline().strip()
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    process = subprocess.Popen(_command(base_url, paths), env=_env(None), stdout=out, stderr=err, text=True,
                               start_new_session=True)  # its Chrome with it, for stop()
    _early.update(paths=list(paths), server=server, process=process, out=out, err=err, base_url=base_url)


def results(base_url: str, paths: list[str], processes: int) -> list[dict]:
    """One result per path, in order: from the run start() began on the same paths (on its own
    server's address), else from a run now on base_url."""
    if _early.get("paths") != list(paths):
        return run(base_url, paths, processes=processes)
    try:
        _early["process"].wait(timeout=1200)
    finally:
        stop()
    _early["out"].seek(0), _early["err"].seek(0)
    by_url = _parsed(_early["process"].returncode, _early["out"].read(), _early["err"].read())
    return [by_url[_early["base_url"] + path] for path in paths]


def stop() -> None:
    """Ends what start() began, if it still runs."""
    if _early and _early["process"].poll() is None:
        os.killpg(_early["process"].pid, signal.SIGKILL)
        _early["process"].wait()
    if _early:
        _early["server"].kill()
        _early["server"].wait()
