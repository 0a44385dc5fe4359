"""Lighthouse over the served sample site: one page of each kind (PAGES), in one Chrome
(tests/lighthouse.mjs). Shared by the gate (tests/test_standards.py) and the figures
(bench/lighthouse.py). The gate's first run starts with the session (start(), from
tests/conftest.py) beside the other tests, which leave one of the two CPUs idle most of the time,
and so does its second run of the pages under the performance budget."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
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

BUDGETS = {"performance": 0.95, "accessibility": 1, "best-practices": 1, "seo": 1}  # the gate's
# Performance scores move from run to run, the more so on a loaded machine (Lighthouse's
# docs/variability.md): a page under its budget is measured again, up to this many runs in all,
# and its best run counts. A page that is slow fails every run.
RUNS = 3


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


def _performance(result: dict) -> float:
    return result["scores"]["performance"] or 0


def slow(best: dict[str, dict]) -> list[str]:
    """The paths whose best run is under the performance budget."""
    return [path for path, result in best.items() if _performance(result) < BUDGETS["performance"]]


def keep_best(best: dict[str, dict], paths: list[str], results: list[dict]) -> None:
    for path, result in zip(paths, results, strict=True):
        if _performance(result) > _performance(best[path]):
            best[path] = result


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
_early: dict = {}  # the runs start() began: paths, server, the running Lighthouse, the best results
_starting = threading.Lock()  # stop() ends the running Lighthouse, and none starts after it


def start(site: Path, paths: list[str]) -> None:
    """Lighthouse on paths of the built site, one page after another in one Chrome, in the
    background, then once more on the pages under the performance budget; results() collects it."""
    server = subprocess.Popen([sys.executable, "-c", _SERVE, str(HERE), str(site)], stdout=subprocess.PIPE, text=True)
    base_url = server.stdout.readline().strip()
    _early.update(paths=list(paths), server=server, base_url=base_url, runs=0)
    _early["thread"] = threading.Thread(target=_measure, args=(base_url, list(paths)), daemon=True)
    _early["thread"].start()


def _measure(base_url: str, paths: list[str]) -> None:
    try:
        best = dict(zip(paths, _run_beside(base_url, paths), strict=True))
        _early.update(best=best, runs=1)
        if again := slow(best):
            keep_best(best, again, _run_beside(base_url, again))
            _early["runs"] = 2
    except Exception as error:  # results() reports it
        _early["error"] = error


def _run_beside(base_url: str, paths: list[str]) -> list[dict]:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        with _starting:
            if _early.get("stopped"):
                raise RuntimeError("stopped")
            process = subprocess.Popen(_command(base_url, paths), env=_env(None), stdout=out, stderr=err, text=True,
                                       start_new_session=True)  # its Chrome with it, for stop()
            _early["process"] = process
        process.wait(timeout=1200)
        out.seek(0), err.seek(0)
        by_url = _parsed(process.returncode, out.read(), err.read())
    return [by_url[base_url + path] for path in paths]


def results(base_url: str, paths: list[str], processes: int) -> tuple[dict[str, dict], int]:
    """Each path's best result and how many runs the pages under the budget have had: from the
    runs start() began on the same paths (on its own server's address), else from a run now on
    base_url."""
    if _early.get("paths") != list(paths):
        return dict(zip(paths, run(base_url, paths, processes=processes), strict=True)), 1
    try:
        _early["thread"].join()
    finally:
        stop()
    if "error" in _early and _early["runs"] == 0:
        raise _early["error"]
    return _early["best"], _early["runs"]


def stop() -> None:
    """Ends what start() began, if it still runs."""
    with _starting:
        _early["stopped"] = True
    if _early.get("process") and _early["process"].poll() is None:
        os.killpg(_early["process"].pid, signal.SIGKILL)
        _early["process"].wait()
    if "server" in _early and _early["server"].poll() is None:
        _early["server"].kill()
        _early["server"].wait()
