"""Checking that the bank's links still work, and the report the site reads.

Every service link, every news/video/document link of an innovation and every office and team
website is fetched (GET, certificates verified, redirects followed) several at a time, with a few
retries for what may pass (timeouts, refused connections, 5xx, 429). Only the standard library is
used. Links come from contributors, and the deploy job that checks them holds a token, so:

- each attempt has one deadline for everything (address lookup aside: connect, TLS, the answer's
  headers and up to MAX_BODY bytes of its body, over every redirect). A socket timeout alone
  would not do: it applies to each read, and a server that sends one byte at a time never trips
  it. A worker that is still busy well after its deadline (a stuck address lookup) is given up;
- only http(s) is fetched, and only from public addresses: the host is resolved, loopback,
  private, link-local, multicast, reserved and unspecified addresses are refused, and the socket
  connects to the address that was checked (no second lookup an attacker's DNS could answer
  differently). Every redirect is checked the same way. Local servers are reached only when the
  caller passes allow_private=True (the tests do; nothing in the content can);
- the whole run has a deadline too. What was not checked when it passed (or when the run was
  stopped with Ctrl-C or SIGTERM) keeps its last result and is marked as not checked this run.

A site can be down for a night. The site therefore shows a link as broken only when
confirmed_broken says so: it failed in at least FAILED_RUNS runs in a row, the first and the
latest of them at least FAILED_DAYS days apart (CKAN's archiver rule: 3 failures over 3 days).

The report, data/link-report.json at the repository root (see load_report), is:

    {
      "version": 2,
      "checked_at": "2024-05-01T10:00:00+00:00",      # when this run ended (UTC)
      "settings": {"timeout": 10.0, "retries": 2, "deadline": 600.0},
      "run": {"stopped": null | "deadline" | "interrupted",  # why it ended early, if it did
              "checked": 45, "not_checked": 0},
      "counts": {"reachable": 40, "redirected": 3, "broken": 2},  # of the links checked this run
      "links": {                                       # one entry per URL, keyed by the URL
        "https://example.gov.bd/service": {
          "url": "https://example.gov.bd/service",
          "status": "reachable" | "redirected" | "broken"   # the last result
                    | "unchecked",                     # never checked yet
          "checked_this_run": true,                    # false: the result is from an earlier run
          "http_code": 200,                            # the last HTTP status; null when none came
          "final_url": "https://example.gov.bd/service/", # after redirects; null when none came
          "error": null | "timeout" | "certificate" | "tls" | "refused" | "dns" | "connection"
                   | "http" | "invalid" | "redirect" | "private",  # why (catalogue links.error.*)
          "detail": null | "…",                        # the technical reason, in English
          "checked_at": "2024-05-01T09:59:58+00:00" | null,
          "attempts": 1,                               # requests made (1 + retries used)
          "last_reachable": "…" | null,                # last time it worked (kept across runs)
          "broken_since": "…" | null,                  # first failed run of the current spell
          "failed_runs": 0,                            # failed runs in a row (the current spell)
          "used_by": [{"kind": "idea" | "office" | "team", "id": "slug",
                       "field": "service.link" | "links" | "website", "office": "office-id"}],
          "ideas": ["slug", …],                        # innovations that use it
          "offices": ["office-id", …]                  # offices whose pages show it
        }
      }
    }

"reachable" is a 2xx answer at the same address, "redirected" a 2xx answer at another one (worth
updating the link), "broken" anything else. The site calls load_report(root), link_status(report,
url) and broken_links(report, office)."""

from __future__ import annotations

import datetime as dt
import functools
import http.client
import io
import ipaddress
import json
import os
import queue
import socket
import ssl
import threading
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urljoin, urlsplit

from ..load.link_report import (FAILED_DAYS, FAILED_RUNS, REPORT, RUN_DEADLINE, STATUSES, VERSION, broken_links,  # noqa: F401
                                confirmed_broken, empty_report, link_status, load_report, load_report_file)

USER_AGENT = "innobank-link-checker/1.0 (+https://github.com/innobank/innobank)"
_TRANSIENT = ("timeout", "refused", "dns", "connection")
MAX_REDIRECTS = 10
MAX_BODY = 256 * 1024   # enough to see the page arrive; nothing is kept
GRACE = 5.0             # how long past its deadline a worker may stay busy before it is given up
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_TARGET_SAFE = "/?&=%:@!$'()*+,;~[]-._"


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


# ---- one request ----------------------------------------------------------------------------

class _Failed(Exception):
    """A link that fails for a reason of the checker's own (error is a links.error.* code)."""

    def __init__(self, error: str, detail: str):
        super().__init__(detail)
        self.error = error


class _Deadline:
    """One point in time for a whole attempt; every socket operation gets only what is left."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("out of time")
        return left


class _TimedReader(io.RawIOBase):
    """The socket as http.client reads it: each read waits only for what is left of the deadline,
    so a server that trickles its answer runs out of time like a silent one."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._sock.settimeout(self._deadline.left())
        return self._sock.recv_into(buffer)


class _Wire:
    """What http.client.HTTPResponse needs of a socket: makefile."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str):
        return io.BufferedReader(_TimedReader(self._sock, self._deadline))


def public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (an IPv4 address inside IPv6 counts as that
    IPv4 address)."""
    if ip.version == 6:
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local
                                 or ip.is_unspecified or ip.is_private or ip.version == 6 and ip.is_site_local)


def _connect(host: str, port: int, deadline: _Deadline, allow_private: bool) -> socket.socket:
    """A socket connected to one of the host's addresses that passed the check (never a new
    lookup after it)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise _Failed("invalid", f"{host}: {error}") from None
    addresses = []
    for family, _type, _proto, _name, sockaddr in found:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if allow_private or public_address(ip):
            addresses.append((family, sockaddr))
    if not addresses:
        shown = ", ".join(sorted({info[4][0] for info in found}))
        where = shown if shown == host else f"{host} ({shown})"
        raise _Failed("private", f"{where} is not a public internet address")
    error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.left())
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            sock.close()
            error = failed
            if isinstance(failed, TimeoutError):
                break
    raise error


def _get(url: str, deadline: _Deadline, context: ssl.SSLContext, allow_private: bool) -> tuple[int, str | None]:
    """One GET: the status and the Location header. Reads at most MAX_BODY bytes of a 2xx body."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _Failed("invalid", f"{scheme or 'no'} scheme: only http and https links are checked")
    host = parts.hostname
    if not host:
        raise _Failed("invalid", "no host in the address")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as error:
        raise _Failed("invalid", str(error)) from None
    sock = _connect(ascii_host, port, deadline, allow_private)
    try:
        if scheme == "https":
            sock = context.wrap_socket(sock, server_hostname=ascii_host, do_handshake_on_connect=False)
            sock.settimeout(deadline.left())
            sock.do_handshake()  # one deadline for the whole handshake (the ssl module's own)
        target = quote(parts.path or "/", safe=_TARGET_SAFE) + (
            "?" + quote(parts.query, safe=_TARGET_SAFE) if parts.query else "")
        name = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
        if parts.port:
            name += f":{port}"
        request = (f"GET {target} HTTP/1.1\r\nHost: {name}\r\nUser-Agent: {USER_AGENT}\r\nAccept: */*\r\n"
                   "Accept-Encoding: identity\r\nConnection: close\r\n\r\n")
        sock.settimeout(deadline.left())
        sock.sendall(request.encode("ascii"))  # sendall's timeout is for the whole call
        response = http.client.HTTPResponse(_Wire(sock, deadline), method="GET")
        response.begin()
        if 200 <= response.status < 300:
            read = 0
            while read < MAX_BODY and (chunk := response.read(min(64 * 1024, MAX_BODY - read))):
                read += len(chunk)
        return response.status, response.getheader("Location")
    finally:
        sock.close()


def _classify(error: BaseException) -> tuple[str, str]:
    detail = str(error) or type(error).__name__
    if isinstance(error, _Failed):
        return error.error, detail
    if isinstance(error, ssl.SSLCertVerificationError):
        return "certificate", detail
    if isinstance(error, ssl.SSLError):
        return "tls", detail
    if isinstance(error, TimeoutError):
        return "timeout", detail
    if isinstance(error, ConnectionRefusedError):
        return "refused", detail
    if isinstance(error, socket.gaierror):
        return "dns", detail
    if isinstance(error, (ValueError, http.client.InvalidURL)):
        return "invalid", detail
    return "connection", detail


def _fetch(url: str, timeout: float, context: ssl.SSLContext | None, allow_private: bool) -> dict:
    """One attempt: follow redirects (http(s) only) under one deadline."""
    deadline = _Deadline(timeout)
    context = context or _default_context()
    current, code = url, None
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            code, location = _get(current, deadline, context, allow_private)
            if code not in _REDIRECT_CODES or not location:
                break
            target = urljoin(current, location.strip())
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise _Failed("redirect", f"HTTP {code}: redirected to {target[:200]}, which is not a web address")
            current = target
        else:
            raise _Failed("redirect", f"more than {MAX_REDIRECTS} redirects")
    except (OSError, ValueError, http.client.HTTPException, _Failed) as error:
        kind, detail = _classify(error)
        if kind == "timeout":
            detail = f"no complete answer within {timeout:g} s"
        return {"http_code": code if kind == "redirect" else None, "final_url": None, "error": kind,
                "detail": detail[:300]}
    if 200 <= code < 300:
        return {"http_code": code, "final_url": current, "error": None, "detail": None}
    reason = http.client.responses.get(code, "")
    return {"http_code": code, "final_url": current, "error": "http", "detail": f"HTTP {code} {reason}".strip()}


@functools.lru_cache(maxsize=1)
def _default_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def check_one(url: str, timeout: float = 10, retries: int = 2, backoff: float = 1.0,
              context: ssl.SSLContext | None = None, allow_private: bool = False) -> dict:
    """Check one URL (each attempt within `timeout` seconds); retry what may pass on a second
    try. Returns the report's per-URL result fields (without used_by and history).
    allow_private=True lets it reach loopback and private addresses: for tests only."""
    attempts = 0
    while True:
        attempts += 1
        got = _fetch(url, timeout, context, allow_private)
        code = got["http_code"]
        transient = got["error"] in _TRANSIENT or got["error"] == "http" and (code >= 500 or code == 429)
        if not transient or attempts > retries:
            break
        time.sleep(backoff * attempts)
    if got["error"]:
        status = "broken"
    elif not _same(got["final_url"], url):
        status = "redirected"
    else:
        status = "reachable"
    return {"url": url, "status": status, **got, "checked_at": _now(), "attempts": attempts}


# ---- a run ----------------------------------------------------------------------------------

def _unanswered(url: str, error: str, detail: str, attempts: int) -> dict:
    """The result for a link whose worker could not give one."""
    return {"url": url, "status": "broken", "http_code": None, "final_url": None, "error": error,
            "detail": detail[:300], "checked_at": _now(), "attempts": attempts}


class Checked(NamedTuple):
    """What a run found: a result per checked URL, and why it ended early (None: it did not)."""

    results: dict[str, dict]
    stopped: str | None


def check_all(urls: list[str], timeout: float = 10, retries: int = 2, concurrency: int = 8, backoff: float = 1.0,
              context: ssl.SSLContext | None = None, deadline: float | None = RUN_DEADLINE, stop: threading.Event | None = None,
              allow_private: bool = False) -> Checked:
    """Check the URLs in daemon worker threads until all are done, `deadline` seconds have passed
    or `stop` is set (a signal, Ctrl-C). A worker still busy GRACE seconds after its URL's last
    possible attempt ended is given up (its URL is reported as timed out) and replaced, so one
    stuck lookup holds up neither the run nor the interpreter's exit."""
    urls = list(dict.fromkeys(urls))
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in urls:
        todo.put(url)
    done: queue.SimpleQueue[dict] = queue.SimpleQueue()
    busy: dict[str, tuple[float, threading.Thread]] = {}
    lock = threading.Lock()
    given_up: set[threading.Thread] = set()
    limit = (retries + 1) * timeout + backoff * retries * (retries + 1) / 2 + GRACE

    def work() -> None:
        me = threading.current_thread()
        while me not in given_up:
            try:
                url = todo.get_nowait()
            except queue.Empty:
                return
            with lock:
                busy[url] = (time.monotonic(), me)
            try:
                result = check_one(url, timeout, retries, backoff, context, allow_private)
            except Exception as error:  # a bug must cost one link, not the run
                result = _unanswered(url, "connection", f"{type(error).__name__}: {error}", 1)
            done.put(result)

    def start_worker() -> None:
        threading.Thread(target=work, name="link", daemon=True).start()

    for _ in range(max(1, min(concurrency, len(urls)))):
        start_worker()
    results: dict[str, dict] = {}
    end = time.monotonic() + deadline if deadline else float("inf")
    stopped = None
    try:
        while len(results) < len(urls):
            now = time.monotonic()
            if stop is not None and stop.is_set():
                stopped = "interrupted"
                break
            if now >= end:
                stopped = "deadline"
                break
            with lock:
                stuck = [(url, worker) for url, (began, worker) in busy.items() if now - began > limit]
                for url, worker in stuck:
                    del busy[url]
                    given_up.add(worker)
            for url, _worker in stuck:
                results[url] = _unanswered(url, "timeout", f"no answer within {limit:g} s", retries + 1)
                start_worker()
            try:
                result = done.get(timeout=max(0.01, min(0.2, end - now)))
            except queue.Empty:
                continue
            with lock:
                busy.pop(result["url"], None)
            results.setdefault(result["url"], result)  # a given-up worker's late result is not used
    except KeyboardInterrupt:
        stopped = "interrupted"
    given_up.update(worker for _began, worker in busy.values())  # let the rest finish and go
    while not todo.empty():
        try:
            todo.get_nowait()
        except queue.Empty:
            break
    return Checked(results, stopped)


# ---- the report -----------------------------------------------------------------------------

_RESULT_FIELDS = ("status", "http_code", "final_url", "error", "detail", "checked_at", "attempts",
                  "last_reachable", "broken_since", "failed_runs")


def build_report(usages: dict[str, list[dict]], results: dict[str, dict], previous: dict | None = None,
                 settings: dict | None = None, stopped: str | None = None) -> dict:
    """The report for every URL in usages (and results): this run's result where there is one,
    else the previous report's, marked as not checked this run. last_reachable, broken_since and
    failed_runs carry each link's history from run to run."""
    before = (previous or {}).get("links", {})
    links = {}
    for url in sorted(set(usages) | set(results)):
        old = before.get(url) if isinstance(before.get(url), dict) else {}
        if url in results:
            entry = {**results[url], "checked_this_run": True}
            if entry["status"] == "broken":
                ongoing = old.get("status") == "broken" and old.get("broken_since")
                runs = old.get("failed_runs") if isinstance(old.get("failed_runs"), int) else 1
                entry["last_reachable"] = old.get("last_reachable")
                entry["broken_since"] = old["broken_since"] if ongoing else entry["checked_at"]
                entry["failed_runs"] = runs + 1 if ongoing else 1
            else:
                entry.update(last_reachable=entry["checked_at"], broken_since=None, failed_runs=0)
        else:
            entry = {"url": url, "status": "unchecked", "http_code": None, "final_url": None, "error": None,
                     "detail": None, "checked_at": None, "attempts": 0, "last_reachable": None,
                     "broken_since": None, "failed_runs": 0}
            if old.get("status") in ("reachable", "redirected", "broken"):
                entry.update({key: old.get(key, entry[key]) for key in _RESULT_FIELDS})
            entry["checked_this_run"] = False
        used = usages.get(url, [])
        entry["used_by"] = used
        entry["ideas"] = sorted({u["id"] for u in used if u["kind"] == "idea"})
        entry["offices"] = sorted({u["office"] for u in used if u.get("office")})
        links[url] = entry
    ran = [e for e in links.values() if e["checked_this_run"]]
    counts = {status: sum(1 for e in ran if e["status"] == status) for status in STATUSES}
    return {"version": VERSION, "checked_at": _now(), "settings": settings or {},
            "run": {"stopped": stopped, "checked": len(ran), "not_checked": len(links) - len(ran)},
            "counts": counts, "links": links}


def write_report(report: dict, out_dir: Path) -> Path:
    """Write the report whole or not at all (a stopped run never leaves half a file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REPORT.name
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path
