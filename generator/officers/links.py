"""Checking that the bank's links still work, and the report the site reads.

Every service link, every news/video/document link of an innovation and every office and team
website is fetched (GET, redirects followed, certificates verified) with a timeout, a few retries
for what may pass (timeouts, refused connections, 5xx, 429) and several links at a time in
threads. Only the standard library is used.

The report, data/link-report.json at the repository root (see load_report), is:

    {
      "version": 1,
      "checked_at": "2024-05-01T10:00:00+00:00",      # when this run ended (UTC)
      "settings": {"timeout": 10.0, "retries": 2},
      "counts": {"reachable": 40, "redirected": 3, "broken": 2},
      "links": {                                       # one entry per URL, keyed by the URL
        "https://example.gov.bd/service": {
          "url": "https://example.gov.bd/service",
          "status": "reachable" | "redirected" | "broken",
          "http_code": 200,                            # the last HTTP status; null when none came
          "final_url": "https://example.gov.bd/service/", # after redirects; null when none came
          "error": null | "timeout" | "certificate" | "tls" | "refused" | "dns" | "connection"
                   | "http" | "invalid",              # why it is broken (catalogue links.error.*)
          "detail": null | "…",                        # the technical reason, in English
          "checked_at": "2024-05-01T09:59:58+00:00",
          "attempts": 1,                               # requests made (1 + retries used)
          "last_reachable": "…" | null,                # last time it worked (kept across runs)
          "broken_since": "…" | null,                  # first run of the current broken spell
          "used_by": [{"kind": "idea" | "office" | "team", "id": "slug",
                       "field": "service.link" | "links" | "website", "office": "office-id"}],
          "ideas": ["slug", …],                        # innovations that use it
          "offices": ["office-id", …]                  # offices whose pages show it
        }
      }
    }

"reachable" is a 2xx/3xx answer at the same address, "redirected" a 2xx answer at another one
(worth updating the link), "broken" anything else. The site calls load_report(root),
link_status(report, url) and broken_links(report, office)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

REPORT = Path("data") / "link-report.json"
VERSION = 1
STATUSES = ("reachable", "redirected", "broken")
USER_AGENT = "innobank-link-checker/1.0 (+https://github.com/innobank/innobank)"
_TRANSIENT = ("timeout", "refused", "dns", "connection")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# ---- which links ----------------------------------------------------------------------------

def collect(bank) -> dict[str, list[dict]]:
    """URL → where it is used, for every link in the bank."""
    found: dict[str, list[dict]] = {}

    def use(url, kind, id_, field, office):
        if url:
            found.setdefault(url, []).append({"kind": kind, "id": id_, "field": field, "office": office})

    for slug, rec in bank.ideas.items():
        idea = rec.item
        use(idea.service.link, "idea", slug, "service.link", idea.office)
        for link in idea.links:
            use(link.url, "idea", slug, "links", idea.office)
    for oid, rec in bank.offices.items():
        use(rec.item.website, "office", oid, "website", oid)
    for slug, rec in bank.teams.items():
        use(rec.item.website, "team", slug, "website", rec.item.office)
    return found


# ---- one link -------------------------------------------------------------------------------

def _classify(error: BaseException) -> tuple[str, str]:
    reason = error.reason if isinstance(error, urllib.error.URLError) and not isinstance(
        error, urllib.error.HTTPError) else error
    detail = str(reason) or type(reason).__name__
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "certificate", detail
    if isinstance(reason, ssl.SSLError):
        return "tls", detail
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timeout", detail
    if isinstance(reason, ConnectionRefusedError):
        return "refused", detail
    if isinstance(reason, socket.gaierror):
        return "dns", detail
    if isinstance(reason, (ValueError, http.client.InvalidURL)) or isinstance(reason, str) and "unknown url" in reason:
        return "invalid", detail
    return "connection", detail


def _fetch(url: str, timeout: float, context: ssl.SSLContext | None) -> dict:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            return {"http_code": response.status, "final_url": response.geturl(), "error": None, "detail": None}
    except urllib.error.HTTPError as error:
        error.close()
        return {"http_code": error.code, "final_url": error.geturl() or url, "error": "http",
                "detail": f"HTTP {error.code} {error.reason}"}
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        kind, detail = _classify(error)
        return {"http_code": None, "final_url": None, "error": kind, "detail": detail[:300]}


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def check_one(url: str, timeout: float = 10, retries: int = 2, backoff: float = 1.0,
              context: ssl.SSLContext | None = None) -> dict:
    """Check one URL; retry what may pass on a second try. Returns the report's per-URL fields
    (without used_by and history)."""
    attempts = 0
    while True:
        attempts += 1
        got = _fetch(url, timeout, context)
        code = got["http_code"]
        transient = got["error"] in _TRANSIENT or got["error"] == "http" and (code >= 500 or code == 429)
        if not transient or attempts > retries:
            break
        time.sleep(backoff * attempts)
    if got["error"]:
        status = "broken"
    elif got["final_url"] and not _same(got["final_url"], url):
        status = "redirected"
    else:
        status = "reachable"
    return {"url": url, "status": status, **got, "checked_at": _now(), "attempts": attempts}


# ---- the report -----------------------------------------------------------------------------

def check_all(urls: list[str], timeout: float = 10, retries: int = 2, concurrency: int = 8, backoff: float = 1.0,
              context: ssl.SSLContext | None = None, progress: Callable[[dict], None] | None = None) -> dict[str, dict]:
    results: dict[str, dict] = {}
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="link") as pool:
        futures = [pool.submit(check_one, url, timeout, retries, backoff, context) for url in urls]
        for future in as_completed(futures):
            result = future.result()
            results[result["url"]] = result
            if progress:
                progress(result)
    return results


def build_report(usages: dict[str, list[dict]], results: dict[str, dict], previous: dict | None = None,
                 settings: dict | None = None) -> dict:
    """The report from this run's results, carrying last_reachable and broken_since over from the
    previous report."""
    before = (previous or {}).get("links", {})
    links = {}
    for url in sorted(results):
        entry = dict(results[url])
        old = before.get(url, {})
        if entry["status"] == "broken":
            entry["last_reachable"] = old.get("last_reachable")
            entry["broken_since"] = old.get("broken_since") if old.get("status") == "broken" and old.get(
                "broken_since") else entry["checked_at"]
        else:
            entry["last_reachable"], entry["broken_since"] = entry["checked_at"], None
        used = usages.get(url, [])
        entry["used_by"] = used
        entry["ideas"] = sorted({u["id"] for u in used if u["kind"] == "idea"})
        entry["offices"] = sorted({u["office"] for u in used if u.get("office")})
        links[url] = entry
    counts = {status: sum(1 for e in links.values() if e["status"] == status) for status in STATUSES}
    return {"version": VERSION, "checked_at": _now(), "settings": settings or {}, "counts": counts, "links": links}


def empty_report() -> dict:
    return {"version": VERSION, "checked_at": None, "settings": {}, "counts": dict.fromkeys(STATUSES, 0),
            "links": {}}


def write_report(report: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REPORT.name
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


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


def link_status(report: dict, url: str | None) -> dict | None:
    """The report's entry for one URL, or None when it was not checked."""
    return report.get("links", {}).get(url) if url else None


def broken_links(report: dict, office: str | None = None) -> list[dict]:
    """Broken links, of one office when given (for its page), sorted by URL."""
    return [e for url, e in sorted(report.get("links", {}).items())
            if e.get("status") == "broken" and (office is None or office in e.get("offices", []))]
