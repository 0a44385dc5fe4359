"""`innobank check-links`: fetch every link in the bank and write data/link-report.json (the
shape is documented in generator/officers/links.py) plus a table on the screen, broken first.

The report is written however the run ends: all links checked, the run's deadline passed, or
Ctrl-C / SIGTERM (a cancelled workflow step). Links not checked keep their last result.

The checker (officers.links: http.client, ssl, email) is imported when the command runs: the
program imports every command's module at each start, and `innobank validate` does not wait for it
(12 ms)."""

from __future__ import annotations

import contextlib
import signal
import threading
import unicodedata
from pathlib import Path

from ..i18n import both
from ..load import load
from ..load.link_report import RUN_DEADLINE
from ..officers.messages import say, unexpected

_ORDER = {"broken": 0, "redirected": 1, "reachable": 2}


def add(sub) -> None:
    p = sub.add_parser("check-links", help="check every service link and website; write data/link-report.json")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds for each try at a link: connecting, the answer and its first 256 KB together "
                        "(default 10)")
    p.add_argument("--deadline", type=float, default=RUN_DEADLINE,
                   help=f"seconds for the whole run; links not checked by then keep their last result (default {RUN_DEADLINE:g})")
    p.add_argument("--retries", type=int, default=2, help="tries again after a timeout or a 5xx answer (default 2)")
    p.add_argument("--backoff", type=float, default=1.0, help="seconds before a retry, times the try number (default 1)")
    p.add_argument("--concurrency", type=int, default=8, help="links checked at the same time (default 8)")
    p.add_argument("--out", type=Path, help="folder for link-report.json (default: data/ in the repository)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a link is broken")
    p.add_argument("--allow-private", action="store_true",
                   help="also open links to this computer and private networks (tests, intranets; never in the "
                        "deploy job)")
    p.set_defaults(run=run, content=True)


def table(report: dict) -> str:
    """A plain-text table of the report: status, HTTP code, URL and where it is used."""
    entries = sorted(report["links"].values(), key=lambda e: (
        not e["checked_this_run"], _ORDER.get(e["status"], 3), e["url"]))
    head = [both("links.col_status"), "HTTP", both("links.col_url"), both("links.col_used_by")]
    rows = []
    for e in entries:
        if not e["checked_this_run"]:
            status = both("links.not_checked")
        else:
            status = both("links." + e["status"])
            if e["error"]:
                status += f" ({e['error']})"
        used = [u["id"] for u in e["used_by"]]
        where = ", ".join(used[:2]) + (f" +{len(used) - 2}" if len(used) > 2 else "")
        url = e["url"] if len(e["url"]) <= 70 else e["url"][:69] + "…"
        rows.append([status, str(e["http_code"] or "-"), url, where])
    widths = [max(_width(r[i]) for r in [head] + rows) for i in range(3)]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) if i < 3 else cell for i, cell in enumerate(r))
             for r in [head] + rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a terminal gives the text: Bengali vowel signs and virama take none."""
    return sum(1 for c in text if unicodedata.category(c) != "Mn")


@contextlib.contextmanager
def _stop_on_signals(stop: threading.Event):
    """Ctrl-C and SIGTERM set `stop` (the run ends early and still writes its report); a second
    one stops at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(_signum, _frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    before = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def run(args) -> int:
    from ..officers import links

    stop = threading.Event()
    try:
        with _stop_on_signals(stop):
            root = Path(args.root)
            bank, problems = load(root / "content")
            if problems:
                say("links.content_problems", count=len(problems))
            usages = links.collect(bank)
            say("links.checking", count=len(usages), concurrency=args.concurrency)
            out = args.out or root / links.REPORT.parent
            previous = _previous(out)
            checked = links.Checked({}, "interrupted") if stop.is_set() else links.check_all(
                sorted(usages), timeout=args.timeout, retries=max(0, args.retries), concurrency=args.concurrency,
                backoff=max(0.0, args.backoff), deadline=args.deadline, stop=stop, allow_private=args.allow_private)
            report = links.build_report(usages, checked.results, previous, stopped=checked.stopped, settings={
                "timeout": args.timeout, "retries": args.retries, "deadline": args.deadline})
            path = links.write_report(report, out)
    except BrokenPipeError:  # the reader of the output is gone: cli._run ends quietly
        raise
    except Exception as error:  # an officer never sees a traceback
        return unexpected(error)
    if report["links"]:
        print(table(report))
        print()
    if checked.stopped:
        say("links.stopped." + checked.stopped, count=report["run"]["not_checked"])
    say("links.summary", **report["counts"])
    say("links.shown_broken", count=len(links.broken_links(report)), runs=links.FAILED_RUNS, days=links.FAILED_DAYS)
    say("links.written", path=str(path))
    if checked.stopped == "interrupted":
        return 130
    return 1 if args.strict and report["counts"]["broken"] else 0


def _previous(out: Path) -> dict:
    """The report this run replaces, for each link's history."""
    from ..officers import links

    return links.load_report_file(out / links.REPORT.name)
