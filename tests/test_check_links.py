"""`innobank check-links` against local servers only (pytest-httpserver, trustme, raw sockets),
never the internet: a link that works, 404 and 500, a slow server and one that trickles its
answer a byte at a time (timeouts), redirects (followed; refused to ftp:// and to private
addresses), a certificate the client does not trust, a refused connection; retries, concurrency,
the run's deadline and signals (the report is still written), the report's shape, each link's
history, and the rule the site uses to show a link as broken."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer
from werkzeug import Response

from generator.cli import main
from generator.officers import links

TIMEOUT = 30  # for a try that should get its answer: generous, a loaded machine is slow
SHORT = 2     # for a try that must run out of time (against a server that never answers)
HANG_GUARD = 120  # seconds: only so that a regression fails instead of hanging the suite
ROOT = Path(__file__).resolve().parents[1]


# The test servers listen on 127.0.0.1 and are named "localhost": a content file's web address names its
# website, never an IP address (model/common.py), and the command checks the bank's links.
LOCAL = "localhost"


@pytest.fixture(scope="module")
def server():
    httpd = HTTPServer(host=LOCAL, threaded=True)
    httpd.start()
    yield httpd
    httpd.clear()
    if httpd.is_running():
        httpd.stop()


@pytest.fixture
def web(server):
    silent = threading.Event()  # /slow answers only after the test
    server.clear()
    server.expect_request("/ok").respond_with_data("fine")
    server.expect_request("/missing").respond_with_data("gone", status=404)
    server.expect_request("/error").respond_with_data("oops", status=500)
    server.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/ok"}))
    server.expect_request("/old-to-missing").respond_with_response(Response(status=302, headers={"Location": "/missing"}))

    def slow(_request):
        silent.wait(HANG_GUARD)
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    yield server
    silent.set()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(ca):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    httpd = HTTPServer(host=LOCAL, ssl_context=context, threaded=True)
    httpd.expect_request("/secure").respond_with_data("secret")
    httpd.start()
    yield httpd
    httpd.stop()


class Listener:
    """A raw TCP server in a thread. `answer(conn)` serves each connection (none: it is only
    counted); `connections` counts who came."""

    def __init__(self, host=LOCAL, answer=None):
        self.sock = socket.create_server((host, 0))
        self.port = self.sock.getsockname()[1]
        self.host, self.answer = host, answer
        self.connections = 0
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, scheme="http", path="/"):
        return f"{scheme}://{self.host}:{self.port}{path}"

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        with conn:
            try:
                if self.answer:
                    self.answer(conn, self.stopped)
                else:
                    self.stopped.wait()
            except OSError:
                pass

    def close(self):
        self.stopped.set()
        self.sock.close()


def trickle(conn, stopped):
    """A server that never finishes its headers: one byte every 50 ms, each well inside any
    per-read timeout."""
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slowly: ")
    while not stopped.wait(0.05):
        conn.sendall(b"a")


@pytest.fixture
def trickler():
    listener = Listener(answer=trickle)
    yield listener
    listener.close()


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://{LOCAL}:{port}/"


def check(url, **kw):
    kw.setdefault("allow_private", True)
    return links.check_one(url, timeout=kw.pop("timeout", TIMEOUT), retries=kw.pop("retries", 0), backoff=0, **kw)


def in_thread(function, *args, **kwargs):
    """Run function in a thread and return its result; a hang fails the test after HANG_GUARD."""
    box = []
    worker = threading.Thread(target=lambda: box.append(function(*args, **kwargs)), daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    assert box, f"still running after {HANG_GUARD} s"
    return box[0]


def test_a_working_link_is_reachable(web):
    result = check(web.url_for("/ok"))
    assert result["status"] == "reachable" and result["http_code"] == 200 and result["error"] is None
    assert result["final_url"] == web.url_for("/ok") and result["attempts"] == 1
    assert result["checked_at"].endswith("+00:00")
    (request,) = [r for r, _ in web.log if r.path == "/ok"]
    assert request.headers["User-Agent"] == links.USER_AGENT


@pytest.mark.parametrize("path, code", [("/missing", 404), ("/error", 500)])
def test_error_answers_are_broken(web, path, code):
    result = check(web.url_for(path))
    assert result["status"] == "broken" and result["http_code"] == code and result["error"] == "http"
    assert str(code) in result["detail"]


def test_a_slow_server_times_out(web):
    result = check(web.url_for("/slow"), timeout=SHORT)
    assert result["status"] == "broken" and result["error"] == "timeout" and result["http_code"] is None


def test_a_server_that_trickles_its_headers_times_out(trickler):
    """Each byte comes long before the timeout, so a per-read timeout never trips: the attempt's
    deadline must."""
    result = in_thread(check, trickler.url(), timeout=1)
    assert result["status"] == "broken" and result["error"] == "timeout"
    assert "within 1 s" in result["detail"]


def test_a_body_that_never_ends_is_read_only_so_far(server):
    server.clear()
    server.expect_request("/endless").respond_with_response(Response(iter(lambda: b"x" * 65536, None)))
    result = in_thread(check, server.url_for("/endless"), timeout=30)
    assert result["status"] == "reachable" and result["http_code"] == 200


def test_redirects_are_followed_and_reported(web):
    moved = check(web.url_for("/old"))
    assert moved["status"] == "redirected" and moved["http_code"] == 200
    assert moved["final_url"] == web.url_for("/ok")
    dead_end = check(web.url_for("/old-to-missing"))
    assert dead_end["status"] == "broken" and dead_end["http_code"] == 404
    assert dead_end["final_url"] == web.url_for("/missing")


def test_a_redirect_to_ftp_is_not_followed(server):
    ftp = Listener()
    try:
        server.clear()
        server.expect_request("/to-ftp").respond_with_response(
            Response(status=302, headers={"Location": ftp.url("ftp", "/file.txt")}))
        result = in_thread(check, server.url_for("/to-ftp"))
        assert result["status"] == "broken" and result["error"] == "redirect" and result["http_code"] == 302
        assert "ftp://" in result["detail"]
        assert ftp.connections == 0
    finally:
        ftp.close()


def test_redirects_in_circles_are_broken(server):
    server.clear()
    server.expect_request("/a").respond_with_response(Response(status=302, headers={"Location": "/b"}))
    server.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/a"}))
    result = check(server.url_for("/a"))
    assert result["status"] == "broken" and result["error"] == "redirect"
    assert len([r for r, _ in server.log if r.path in ("/a", "/b")]) == links.MAX_REDIRECTS + 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/admin", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]:{port}/", "http://2130706433:{port}/", "http://0.0.0.0:{port}/",
                                 "http://10.0.0.1/", "http://[::ffff:127.0.0.1]:{port}/", "http://224.0.0.1/"])
def test_private_addresses_are_not_opened(url):
    """An officer's link to the deploy job's own machine or its cloud's metadata service."""
    listener = Listener()
    try:
        result = check(url.format(port=listener.port), allow_private=False)
        assert result["status"] == "broken" and result["error"] == "private"
        assert "not a public internet address" in result["detail"]
        assert listener.connections == 0
    finally:
        listener.close()


def test_a_redirect_to_a_private_address_is_not_followed(server, monkeypatch):
    """The first server counts as public here (it stands for a site on the internet); its
    redirect to another loopback address, and to the metadata service, must still be refused."""
    inside = Listener(host="127.0.0.2")
    real = links.public_address
    monkeypatch.setattr(links, "public_address", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    try:
        server.clear()
        server.expect_request("/in").respond_with_response(
            Response(status=302, headers={"Location": inside.url(path="/secret")}))
        server.expect_request("/meta").respond_with_response(
            Response(status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
        for path in ("/in", "/meta"):
            result = in_thread(check, server.url_for(path), allow_private=False)
            assert result["status"] == "broken" and result["error"] == "private", result
        assert inside.connections == 0
        assert [r.path for r, _ in server.log if r.path in ("/in", "/meta")] == ["/in", "/meta"]
    finally:
        inside.close()


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True), ("127.0.0.1", False),
    ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False), ("169.254.169.254", False),
    ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.251", False), ("240.0.0.1", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("fec0::1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
    ("64:ff9b::a00:1", False), ("ff02::1", False)])
def test_which_addresses_are_public(address, public):
    assert links.public_address(ipaddress.ip_address(address)) is public


def test_an_untrusted_certificate_is_broken(tls_server, ca):
    url = tls_server.url_for("/secure")
    assert url.startswith("https://")
    result = check(url)
    assert result["status"] == "broken" and result["error"] == "certificate"
    assert "certificate" in result["detail"].lower()
    # the same server with its certificate trusted works: the failure was the certificate alone
    context = ssl.create_default_context()
    ca.configure_trust(context)
    assert check(url, context=context)["status"] == "reachable"


def test_a_refused_connection_is_broken():
    result = check(refused_url())
    assert result["status"] == "broken" and result["error"] == "refused"


def test_retries_for_what_may_pass_only(web):
    assert check(web.url_for("/error"), retries=2)["attempts"] == 3
    assert check(refused_url(), retries=1)["attempts"] == 2
    assert check(web.url_for("/missing"), retries=2)["attempts"] == 1  # a 404 will not change
    requests = [r for r, _ in web.log if r.path == "/missing"]
    assert len(requests) == 1


def test_links_are_checked_concurrently(server):
    """The server answers only when all the requests are in at once."""
    server.clear()
    together = threading.Barrier(4, timeout=30)

    def meet(_request):
        together.wait()
        return Response("ok")

    urls = []
    for n in range(4):
        server.expect_request(f"/p{n}").respond_with_handler(meet)
        urls.append(server.url_for(f"/p{n}"))
    checked = links.check_all(urls, timeout=60, retries=0, concurrency=4, backoff=0, allow_private=True)
    assert checked.stopped is None and sorted(checked.results) == sorted(urls)
    assert {r["status"] for r in checked.results.values()} == {"reachable"}


def test_a_stuck_worker_is_given_up(monkeypatch):
    """An address lookup that never returns (no socket timeout covers it) costs its link, not the
    run: the link is reported as timed out and the others are checked."""
    release = threading.Event()
    real = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host == "stuck.example":
            release.wait()
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(links, "GRACE", 0.5)
    try:
        checked = in_thread(links.check_all, ["http://stuck.example/", refused_url()], timeout=SHORT, retries=0,
                            concurrency=1, backoff=0, allow_private=True)
    finally:
        release.set()
    assert checked.stopped is None and len(checked.results) == 2
    assert checked.results["http://stuck.example/"]["error"] == "timeout"
    assert [r["error"] for url, r in checked.results.items() if url != "http://stuck.example/"] == ["refused"]


def test_the_run_deadline_and_a_stop_end_the_run(trickler, web):
    urls = [trickler.url(path=f"/{n}") for n in range(3)]
    checked = in_thread(links.check_all, urls + [web.url_for("/ok")], timeout=600, retries=0, concurrency=2,
                        backoff=0, deadline=1, allow_private=True)
    assert checked.stopped == "deadline" and not set(checked.results) & set(urls)
    stop = threading.Event()
    stop.set()
    checked = in_thread(links.check_all, urls, timeout=600, retries=0, concurrency=2, backoff=0, stop=stop,
                        allow_private=True)
    assert checked.stopped == "interrupted" and checked.results == {}


# ---- the command and the report -------------------------------------------------------------

OFFICE = 'name: {{bn: "দপ্তর {n}", en: "Office {n}"}}\nkind: ministry\nwebsite: {site}\n'
IDEA = """\
---
title: উদ্ভাবন {n}
summary: বিবরণ {n}
kind: digitisation
status: piloting
office: {office}
service:
  link: {link}
  running: yes
links:
  - title: সংবাদ
    url: {news}
    kind: news
---
বিবরণ।
"""


def bank_with_links(root: Path, ideas: dict[str, tuple[str, str, str]], offices: dict[str, str]) -> None:
    content = root / "content"
    for kind in ("offices", "ideas", "teams"):
        (content / kind).mkdir(parents=True)
    for n, (oid, site) in enumerate(offices.items()):
        (content / "offices" / f"{oid}.yaml").write_text(OFFICE.format(n=n, site=site), encoding="utf-8")
    for n, (slug, (office, link, news)) in enumerate(ideas.items()):
        (content / "ideas" / f"{slug}.md").write_text(IDEA.format(n=n, office=office, link=link, news=news),
                                                      encoding="utf-8")


def test_the_command_writes_the_report_the_site_reads(tmp_path, web, tls_server, capsys):
    refused = refused_url()
    bank_with_links(tmp_path, {"alpha-leave": ("alpha", web.url_for("/ok"), web.url_for("/missing")),
                               "alpha-nothi": ("alpha", web.url_for("/error"), web.url_for("/slow")),
                               "beta-help": ("beta", tls_server.url_for("/secure"), refused)},
                    {"alpha": web.url_for("/ok"), "beta": web.url_for("/old")})
    code = main(["--root", str(tmp_path), "check-links", "--timeout", str(SHORT + 1), "--retries", "1",
                 "--backoff", "0", "--concurrency", "4", "--allow-private"])
    out = capsys.readouterr().out
    assert code == 0
    path = tmp_path / "data" / "link-report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["version"] == 2 and report["checked_at"] and report["settings"]["retries"] == 1
    assert report["counts"] == {"reachable": 1, "redirected": 1, "broken": 5}
    assert report["run"] == {"stopped": None, "checked": 7, "not_checked": 0}
    entries = report["links"]
    assert set(entries) == {web.url_for(p) for p in ("/ok", "/old", "/missing", "/error", "/slow")} | {
        tls_server.url_for("/secure"), refused}
    for url, entry in entries.items():
        assert set(entry) == {"url", "status", "checked_this_run", "http_code", "final_url", "error", "detail",
                              "checked_at", "attempts", "last_reachable", "broken_since", "failed_runs", "used_by",
                              "ideas", "offices"}
        assert entry["url"] == url and entry["status"] in links.STATUSES and entry["checked_this_run"]
    ok = entries[web.url_for("/ok")]
    assert ok["ideas"] == ["alpha-leave"] and ok["offices"] == ["alpha"]
    assert {(u["kind"], u["id"], u["field"]) for u in ok["used_by"]} == {
        ("office", "alpha", "website"), ("idea", "alpha-leave", "service.link")}
    assert ok["last_reachable"] == ok["checked_at"] and ok["broken_since"] is None and ok["failed_runs"] == 0
    assert entries[web.url_for("/error")]["attempts"] == 2
    assert entries[web.url_for("/slow")]["error"] == "timeout"
    assert entries[tls_server.url_for("/secure")]["error"] == "certificate"
    assert entries[refused]["error"] == "refused" and entries[refused]["failed_runs"] == 1
    assert entries[web.url_for("/old")]["status"] == "redirected"
    # the table: broken first, in both languages, and the summary
    lines = out.splitlines()
    table = [line for line in lines if LOCAL in line]
    assert len(table) == 7 and all("broken / অচল" in line for line in table[:5])
    assert "1 reachable, 1 redirected, 5 broken." in out and "৫টি অচল" in out
    assert "0 shown as broken on the site" in out
    # what the site calls: one failed run is not enough to show a link as broken
    site = links.load_report(tmp_path)
    assert site == report
    assert links.broken_links(site) == [] and links.broken_links(site, "beta") == []
    assert links.link_status(site, refused) is None  # never worked, not yet confirmed broken
    assert links.link_status(site, web.url_for("/ok"))["shown"] == "reachable"
    assert links.link_status(site, "https://never.checked/") is None


def test_without_the_option_the_command_opens_no_local_address(tmp_path):
    listener = Listener()
    try:
        bank_with_links(tmp_path, {}, {"alpha": listener.url()})
        assert main(["--root", str(tmp_path), "check-links", "--timeout", "5", "--retries", "0"]) == 0
        entry = links.load_report(tmp_path)["links"][listener.url()]
        assert entry["status"] == "broken" and entry["error"] == "private"
        assert listener.connections == 0
    finally:
        listener.close()


def run_command(root: Path, *args: str) -> subprocess.Popen:
    command = ["from generator.cli import main; import sys; sys.exit(main(sys.argv[1:]))",
               "--root", str(root), "check-links", "--retries", "0", "--allow-private", *args]
    return subprocess.Popen([sys.executable, "-c", *command], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_the_commands_help_names_the_checkers_deadline(capsys):
    """The command imports the checker only when it runs; its help still says the checker's deadline."""
    with pytest.raises(SystemExit):
        main(["check-links", "--help"])
    assert f"(default {links.RUN_DEADLINE:g})" in " ".join(capsys.readouterr().out.split())


def test_the_report_is_written_when_the_run_deadline_passes(tmp_path, trickler, web):
    bank_with_links(tmp_path, {"alpha-leave": ("alpha", trickler.url(path="/service"), web.url_for("/ok"))},
                    {"alpha": trickler.url(path="/home")})
    old = {"version": 1, "links": {trickler.url(path="/service"): {
        "url": trickler.url(path="/service"), "status": "reachable", "http_code": 200, "error": None,
        "checked_at": "2026-11-01T06:00:00+00:00", "last_reachable": "2026-11-01T06:00:00+00:00"}}}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "link-report.json").write_text(json.dumps(old), encoding="utf-8")
    process = run_command(tmp_path, "--timeout", "600", "--deadline", "3", "--concurrency", "3")
    try:
        out, err = process.communicate(timeout=HANG_GUARD)
    finally:
        process.kill()
    assert process.returncode == 0, err
    report = json.loads((tmp_path / "data" / "link-report.json").read_text(encoding="utf-8"))
    assert report["run"] == {"stopped": "deadline", "checked": 1, "not_checked": 2}
    entries = report["links"]
    assert entries[web.url_for("/ok")]["checked_this_run"] and entries[web.url_for("/ok")]["status"] == "reachable"
    kept = entries[trickler.url(path="/service")]
    assert not kept["checked_this_run"] and kept["status"] == "reachable"  # its last result, kept
    assert kept["checked_at"] == "2026-11-01T06:00:00+00:00" and kept["ideas"] == ["alpha-leave"]
    new = entries[trickler.url(path="/home")]
    assert not new["checked_this_run"] and new["status"] == "unchecked" and new["checked_at"] is None
    assert "2 link(s) were not checked this run" in out and "২টি লিংক এবার যাচাই হয়নি" in out
    assert "not checked this run / এবার যাচাই হয়নি" in out and "Traceback" not in out + err


def test_the_report_is_written_when_the_run_is_stopped(tmp_path, trickler, web):
    """SIGTERM is what a cancelled or timed-out workflow step gets."""
    bank_with_links(tmp_path, {"alpha-leave": ("alpha", trickler.url(path="/service"), web.url_for("/ok"))},
                    {"alpha": web.url_for("/missing")})
    process = run_command(tmp_path, "--timeout", "600", "--concurrency", "1")
    try:
        for _ in range(HANG_GUARD * 10):  # the checks have begun when the trickler has a visitor
            if trickler.connections or process.poll() is not None:
                break
            time.sleep(0.1)
        assert trickler.connections, "the check of the trickling server never began"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=HANG_GUARD)
    finally:
        process.kill()
    assert process.returncode == 130, err
    report = json.loads((tmp_path / "data" / "link-report.json").read_text(encoding="utf-8"))
    assert report["run"]["stopped"] == "interrupted" and report["run"]["not_checked"] >= 1
    assert not report["links"][trickler.url(path="/service")]["checked_this_run"]
    assert "The run was stopped" in out and "Traceback" not in out + err


# ---- each link's history, and what the site shows ------------------------------------------

def failed(url, when):
    return {"url": url, "status": "broken", "http_code": 503, "final_url": url, "error": "http",
            "detail": "HTTP 503 Service Unavailable", "checked_at": when, "attempts": 3}


def worked(url, when):
    return {"url": url, "status": "reachable", "http_code": 200, "final_url": url, "error": None, "detail": None,
            "checked_at": when, "attempts": 1}


def runs(url, *results, previous=None):
    """The report after each run in turn."""
    usages = {url: [{"kind": "idea", "id": "alpha-leave", "field": "service.link", "office": "alpha"}]}
    reports = []
    for result in results:
        previous = links.build_report(usages, {url: result} if result else {}, previous)
        reports.append(previous)
    return reports


URL = "https://service.example.gov.bd/"


def shown(report):
    """What the site shows for URL, and the office page's broken links."""
    broken = [e["url"] for e in links.broken_links(report, "alpha")]
    return (links.link_status(report, URL) or {}).get("shown"), broken


def test_one_bad_night_does_not_show_a_running_service_as_broken():
    reports = runs(URL, worked(URL, "2026-11-01T06:00:00+00:00"), failed(URL, "2026-11-02T03:00:00+00:00"))
    assert shown(reports[0]) == ("reachable", [])
    assert shown(reports[1]) == ("worked", [])  # the site says when it last worked
    assert links.link_status(reports[1], URL)["last_reachable"] == "2026-11-01T06:00:00+00:00"


def test_three_failures_in_one_day_are_not_enough():
    reports = runs(URL, worked(URL, "2026-11-01T06:00:00+00:00"),
                   *(failed(URL, f"2026-11-02T0{h}:00:00+00:00") for h in (1, 4, 7)))
    assert reports[-1]["links"][URL]["failed_runs"] == 3
    assert shown(reports[-1]) == ("worked", [])


def test_three_failures_over_three_days_show_the_link_as_broken():
    reports = runs(URL, worked(URL, "2026-11-01T06:00:00+00:00"), failed(URL, "2026-11-02T06:00:00+00:00"),
                   failed(URL, "2026-11-03T06:00:00+00:00"), None,  # a run that did not reach it
                   failed(URL, "2026-11-05T06:00:00+00:00"), worked(URL, "2026-11-06T06:00:00+00:00"))
    entry = reports[4]["links"][URL]
    assert entry["failed_runs"] == 3 and entry["broken_since"] == "2026-11-02T06:00:00+00:00"
    assert [shown(r) for r in reports[1:5]] == [("worked", [])] * 3 + [("broken", [URL])]
    assert links.confirmed_broken(entry)
    # the run that did not reach it kept its history
    assert not reports[3]["links"][URL]["checked_this_run"] and reports[3]["links"][URL]["failed_runs"] == 2
    # one success ends the spell
    assert shown(reports[5]) == ("reachable", []) and reports[5]["links"][URL]["failed_runs"] == 0
    again = runs(URL, failed(URL, "2026-11-07T06:00:00+00:00"), previous=reports[5])[0]["links"][URL]
    assert again["failed_runs"] == 1 and again["broken_since"] == "2026-11-07T06:00:00+00:00"
    assert again["last_reachable"] == "2026-11-06T06:00:00+00:00"


def test_a_link_that_never_worked_is_shown_broken_only_when_confirmed():
    reports = runs(URL, *(failed(URL, f"2026-11-0{d}T06:00:00+00:00") for d in (1, 2, 3, 4)))
    assert [shown(r) for r in reports] == [(None, [])] * 3 + [("broken", [URL])]


@pytest.mark.parametrize("entry", [
    {"status": "broken", "failed_runs": "3", "broken_since": "2026-11-01T06:00:00+00:00",
     "checked_at": "2026-11-09T06:00:00+00:00"},
    {"status": "broken", "failed_runs": 9, "broken_since": "yesterday", "checked_at": "2026-11-09T06:00:00+00:00"},
    {"status": "broken", "failed_runs": 9, "broken_since": None, "checked_at": None},
    {"status": "reachable", "failed_runs": 9, "broken_since": "2026-11-01T06:00:00+00:00",
     "checked_at": "2026-11-09T06:00:00+00:00"}])
def test_a_damaged_report_shows_nothing_as_broken(entry):
    assert links.confirmed_broken(entry) is False


def test_the_site_gets_an_empty_report_when_there_is_none(tmp_path):
    empty = links.load_report(tmp_path)
    assert empty == links.empty_report() and empty["links"] == {} and empty["checked_at"] is None
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "link-report.json").write_text("{not json", encoding="utf-8")
    assert links.load_report(tmp_path) == links.empty_report()
    assert links.broken_links(links.load_report(tmp_path), "alpha") == []


def test_out_folder_and_strict(tmp_path, web, capsys):
    bank_with_links(tmp_path, {}, {"alpha": web.url_for("/missing")})
    code = main(["--root", str(tmp_path), "check-links", "--timeout", str(TIMEOUT), "--retries", "0",
                 "--out", str(tmp_path / "reports"), "--strict", "--allow-private"])
    assert code == 1
    assert (tmp_path / "reports" / "link-report.json").is_file() and not (tmp_path / "data").exists()
    assert "Traceback" not in capsys.readouterr().out
