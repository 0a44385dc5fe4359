"""The link report the site reads (data/link-report.json, written by generator/officers/links.py,
whose docstring describes it) and what the site says about a link from it: the pages read it
from here, below the link checker, so building the site never imports the checker."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

REPORT = Path("data") / "link-report.json"
VERSION = 2
STATUSES = ("reachable", "redirected", "broken")  # a check's results; "unchecked" is not one
FAILED_RUNS, FAILED_DAYS = 3, 3
RUN_DEADLINE = 600.0  # seconds of a whole run: the deploy workflow gives the step 15 minutes, loading included


def empty_report() -> dict:
    return {"version": VERSION, "checked_at": None, "settings": {},
            "run": {"stopped": None, "checked": 0, "not_checked": 0},
            "counts": dict.fromkeys(STATUSES, 0), "links": {}}



def load_report(root: Path | str = ".") -> dict:
    """The last link report under the repository root, or an empty one (never raises): the site
    builds whether or not links were ever checked."""
    return load_report_file(Path(root) / REPORT)


def load_report_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty_report()
    if not isinstance(data, dict) or not isinstance(data.get("links"), dict):
        return empty_report()
    return {**empty_report(), **data}




def _day(stamp) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(stamp).astimezone(dt.timezone.utc).date()
    except (TypeError, ValueError):
        return None


def confirmed_broken(entry: dict) -> bool:
    """Whether the site shows a link as broken: it failed in at least FAILED_RUNS runs in a row,
    and the first and the latest of them are at least FAILED_DAYS days apart (UTC dates). One bad
    night, or three failed deploys in an afternoon, does not flag a running service."""
    runs = entry.get("failed_runs")
    if entry.get("status") != "broken" or not isinstance(runs, int) or runs < FAILED_RUNS:
        return False
    first, latest = _day(entry.get("broken_since")), _day(entry.get("checked_at"))
    return first is not None and latest is not None and (latest - first).days >= FAILED_DAYS


def link_status(report: dict, url: str | None) -> dict | None:
    """What the site says about one link: the report's entry with "shown" added, or None when
    there is nothing to say. "shown" is "reachable" or "redirected" (as of checked_at), "broken"
    (confirmed_broken, as of checked_at) or "worked" (it failed lately, not yet long enough to
    say it is broken: the site gives the date it last worked, last_reachable). A link that never
    worked and is not confirmed broken, or that was never checked, gets None."""
    entry = report.get("links", {}).get(url) if url else None
    if not isinstance(entry, dict) or not entry.get("checked_at"):
        return None
    if confirmed_broken(entry):
        shown = "broken"
    elif entry.get("status") == "broken":
        if not entry.get("last_reachable"):
            return None
        shown = "worked"
    elif entry.get("status") in ("reachable", "redirected"):
        shown = entry["status"]
    else:
        return None
    return {**entry, "shown": shown}


def broken_links(report: dict, office: str | None = None) -> list[dict]:
    """Links the site shows as broken (confirmed_broken), of one office when given (for its
    page), sorted by URL."""
    return [e for url, e in sorted(report.get("links", {}).items())
            if isinstance(e, dict) and confirmed_broken(e) and (office is None or office in e.get("offices", []))]
