"""Lighthouse over the served sample site: one page of each kind (PAGES), in one Chrome
(tests/lighthouse.mjs). Shared by the gate (tests/test_standards.py) and the figures
(bench/lighthouse.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
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
    env = {**os.environ, "LIGHTHOUSE": str(LIGHTHOUSE), "CHROME_PATH": CHROMIUM}
    if cpu_slowdown:
        env["LIGHTHOUSE_CPU"] = str(cpu_slowdown)
    shares = [paths[i::processes] for i in range(processes) if paths[i::processes]]
    with ThreadPoolExecutor(len(shares)) as pool:  # each read as it runs: a full pipe would stall it
        done = list(pool.map(lambda share: subprocess.run(
            ["node", str(HERE / "lighthouse.mjs"), *(base_url + p for p in share)],
            env=env, capture_output=True, text=True, timeout=1200), shares))
    by_url = {}
    for result in done:
        assert result.returncode == 0, result.stderr[-4000:]
        by_url.update((r["url"], r) for r in map(json.loads, (line for line in result.stdout.splitlines()
                                                            if line.startswith("{"))))
    return [by_url[base_url + path] for path in paths]
