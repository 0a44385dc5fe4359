"""First paint on a cheap phone: Lighthouse (mobile profile, simulated throttling) on one page of
each kind in both languages, and the bytes each page transfers; writes bench/lighthouse.json.

    .venv/bin/python bench/lighthouse.py                  # the work tree
    .venv/bin/python bench/lighthouse.py --rev 767c56e    # a committed revision
    .venv/bin/python bench/lighthouse.py --cpu 4          # Lighthouse's default CPU slowdown

The CPU slowdown is calibrated to the machine's benchmark before each page, as the gate does
(tests/lighthouse.mjs says why); each page records the benchmark index and the slowdown used.

The sample site (content/) is built into a temporary folder (for --rev, from `git archive` of that
revision, content included) and served by tests/sitebuild.py's plain static server, as the gate in
tests/test_standards.py serves it. Bytes: `bytes` as Lighthouse saw them transferred (this server
does not compress), `gzip_bytes` as a static host that gzips text would send them (each text
response compressed at level 6; fonts and images as they are). 1 KiB = 1024 bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import lighthouse  # noqa: E402  (tests/lighthouse.py)
from sitebuild import serve  # noqa: E402

RESULTS = ROOT / "bench" / "lighthouse.json"
COMPRESSED = (".woff2", ".png", ".jpg", ".gz")


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def build(rev: str | None, work: Path) -> Path:
    """The sample site of the work tree, or of a committed revision, built into work/site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    source = ROOT
    if rev:
        source = work / "repo"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
        # A regular package first on the path, so that the installed (editable) work tree is not used.
        (source / "generator" / "__init__.py").touch()
        env["PYTHONPATH"] = str(source)
        for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                                                     "commit", "-q", "-m", rev]):
            git(*args, cwd=source)
    site = work / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=source, env=env, check=True)
    return site


def gzip_size(site: Path, url: str, transferred: int) -> int:
    path = urlparse(url).path.lstrip("/")
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    if not file.is_file() or file.suffix in COMPRESSED:
        return transferred
    return len(gzip.compress(file.read_bytes(), 6))


def measure(site: Path, cpu_slowdown: float | None) -> list[dict]:
    server, base = serve(site)
    try:
        results = lighthouse.run(base, [path for _, _, path in lighthouse.EVERY], cpu_slowdown)
    finally:
        server.shutdown()
    pages = []
    for (kind, lang, path), result in zip(lighthouse.EVERY, results, strict=True):
        requests = [{"path": urlparse(r["url"]).path, "type": r["type"], "bytes": r["transfer"],
                     "gzip_bytes": gzip_size(site, r["url"], r["transfer"])}
                    for r in result["requests"] if r["transfer"]]
        metrics = result["metrics"]
        pages.append({
            "kind": kind, "lang": lang, "path": "/" + path,
            "scores": {k: round(v * 100) for k, v in result["scores"].items()},
            "fcp_ms": round(metrics["fcp"]), "lcp_ms": round(metrics["lcp"]), "speed_index_ms": round(metrics["si"]),
            "tbt_ms": round(metrics["tbt"]), "cls": round(metrics["cls"], 3),
            "benchmark_index": round(result["benchmarkIndex"]), "cpu_slowdown": round(result["cpuSlowdown"], 2),
            "bytes": sum(r["bytes"] for r in requests), "gzip_bytes": sum(r["gzip_bytes"] for r in requests),
            "failing_audits": [f"{f['category']}:{f['id']}" for f in result["failing"]],
            "requests": requests,
        })
    return pages


def table(pages: list[dict]) -> str:
    lines = [f"{'page':<16} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP s':>6} {'LCP s':>6} "
             f"{'KiB':>6} {'gz KiB':>6}"]
    for p in pages:
        s = p["scores"]
        lines.append(f"{p['kind'] + ' ' + p['lang']:<16} {s['performance']:>4} {s['accessibility']:>4} "
                     f"{s['best-practices']:>4} {s['seo']:>4} {p['fcp_ms'] / 1000:>6.2f} {p['lcp_ms'] / 1000:>6.2f} "
                     f"{p['bytes'] / 1024:>6.1f} {p['gzip_bytes'] / 1024:>6.1f}")
    return "\n".join(lines)


def save(label: str, run: dict):
    """Each label (a revision, or the work tree) keeps its own entry."""
    try:
        data = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {"runs": {}}
    data["about"] = ("Lighthouse 12 (mobile, simulated throttling) per page kind and language, by "
                     "bench/lighthouse.py; bytes as served uncompressed, gzip_bytes as a gzipping host "
                     "would send them.")
    data["runs"][label] = run
    RESULTS.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rev", help="measure a committed revision instead of the work tree")
    parser.add_argument("--label", help="the entry's name in bench/lighthouse.json (default: the commit)")
    parser.add_argument("--cpu", type=float, help="CPU slowdown (Lighthouse's default is 4; by default it is "
                                                   "calibrated to this machine's benchmark, tests/lighthouse.mjs)")
    args = parser.parse_args(argv)
    if reason := lighthouse.missing():
        sys.exit(reason)
    commit = git("rev-parse", "--short", args.rev or "HEAD")
    dirty = [] if args.rev else git("status", "--porcelain", "--", "generator", "theme", "mkdocs.yml").splitlines()
    label = args.label or (commit + ("+work-tree" if dirty else "") + (f", cpu {args.cpu:g}×" if args.cpu else ""))
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="innobank-lighthouse-"))
    try:
        pages = measure(build(args.rev, work), args.cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    versions = json.loads((lighthouse.LIGHTHOUSE / "node_modules" / "lighthouse" / "package.json").read_text())
    chromium = subprocess.run([lighthouse.CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    run = {"date": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
           "code": {"commit": commit, "uncommitted": dirty},
           "load_average": [[round(x, 2) for x in load], [round(x, 2) for x in os.getloadavg()]],
           "lighthouse": versions["version"], "chromium": chromium,
           "cpu_slowdown": args.cpu or "calibrated", "pages": pages}
    print(table(pages))
    save(label, run)
    print(f"written to {RESULTS.relative_to(ROOT)} as {label!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
