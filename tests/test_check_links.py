"""`innobank check-links` against local servers only (pytest-httpserver, trustme), never the
internet: a link that works, 404 and 500, a slow server (timeout), a redirect, a certificate the
client does not trust, a refused connection; retries, concurrency, the report's shape and the
functions the site calls."""

from __future__ import annotations

import json
import socket
import ssl
import time
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer
from werkzeug import Response

from generator.cli import main
from generator.officers import links

SLOW = 1.5
TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server():
    httpd = HTTPServer(host="127.0.0.1", threaded=True)
    httpd.start()
    yield httpd
    httpd.clear()
    if httpd.is_running():
        httpd.stop()


@pytest.fixture
def web(server):
    server.clear()
    server.expect_request("/ok").respond_with_data("fine")
    server.expect_request("/missing").respond_with_data("gone", status=404)
    server.expect_request("/error").respond_with_data("oops", status=500)
    server.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/ok"}))
    server.expect_request("/old-to-missing").respond_with_response(Response(status=302, headers={"Location": "/missing"}))

    def slow(_request):
        time.sleep(SLOW)
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    return server


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(ca):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    httpd = HTTPServer(host="127.0.0.1", ssl_context=context, threaded=True)
    httpd.expect_request("/secure").respond_with_data("secret")
    httpd.start()
    yield httpd
    httpd.stop()


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def check(url, **kw):
    return links.check_one(url, timeout=kw.pop("timeout", TIMEOUT), retries=kw.pop("retries", 0), backoff=0, **kw)


def test_a_working_link_is_reachable(web):
    result = check(web.url_for("/ok"))
    assert result["status"] == "reachable" and result["http_code"] == 200 and result["error"] is None
    assert result["final_url"] == web.url_for("/ok") and result["attempts"] == 1
    assert result["checked_at"].endswith("+00:00")


@pytest.mark.parametrize("path, code", [("/missing", 404), ("/error", 500)])
def test_error_answers_are_broken(web, path, code):
    result = check(web.url_for(path))
    assert result["status"] == "broken" and result["http_code"] == code and result["error"] == "http"
    assert str(code) in result["detail"]


def test_a_slow_server_times_out(web):
    started = time.monotonic()
    result = check(web.url_for("/slow"))
    assert result["status"] == "broken" and result["error"] == "timeout" and result["http_code"] is None
    assert time.monotonic() - started < SLOW


def test_redirects_are_followed_and_reported(web):
    moved = check(web.url_for("/old"))
    assert moved["status"] == "redirected" and moved["http_code"] == 200
    assert moved["final_url"] == web.url_for("/ok")
    dead_end = check(web.url_for("/old-to-missing"))
    assert dead_end["status"] == "broken" and dead_end["http_code"] == 404
    assert dead_end["final_url"] == web.url_for("/missing")


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
    server.clear()

    def fairly_slow(_request):
        time.sleep(0.4)
        return Response("ok")

    urls = []
    for n in range(6):
        server.expect_request(f"/p{n}").respond_with_handler(fairly_slow)
        urls.append(server.url_for(f"/p{n}"))
    started = time.monotonic()
    results = links.check_all(urls, timeout=5, retries=0, concurrency=6, backoff=0)
    assert time.monotonic() - started < 6 * 0.4 * 0.6
    assert sorted(results) == sorted(urls) and {r["status"] for r in results.values()} == {"reachable"}


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


def bank_with_links(root: Path, web, tls_url: str, refused: str) -> None:
    content = root / "content"
    for kind in ("offices", "ideas", "teams"):
        (content / kind).mkdir(parents=True)
    (content / "offices" / "alpha.yaml").write_text(OFFICE.format(n=1, site=web.url_for("/ok")), encoding="utf-8")
    (content / "offices" / "beta.yaml").write_text(OFFICE.format(n=2, site=web.url_for("/old")), encoding="utf-8")
    ideas = {"alpha-leave": ("alpha", web.url_for("/ok"), web.url_for("/missing")),
             "alpha-nothi": ("alpha", web.url_for("/error"), web.url_for("/slow")),
             "beta-help": ("beta", tls_url, refused)}
    for n, (slug, (office, link, news)) in enumerate(ideas.items()):
        (content / "ideas" / f"{slug}.md").write_text(IDEA.format(n=n, office=office, link=link, news=news),
                                                      encoding="utf-8")


def test_the_command_writes_the_report_the_site_reads(tmp_path, web, tls_server, capsys):
    refused = refused_url()
    bank_with_links(tmp_path, web, tls_server.url_for("/secure"), refused)
    code = main(["--root", str(tmp_path), "check-links", "--timeout", str(TIMEOUT), "--retries", "1",
                 "--backoff", "0", "--concurrency", "4"])
    out = capsys.readouterr().out
    assert code == 0
    path = tmp_path / "data" / "link-report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["version"] == 1 and report["checked_at"] and report["settings"]["retries"] == 1
    assert report["counts"] == {"reachable": 1, "redirected": 1, "broken": 5}
    entries = report["links"]
    assert set(entries) == {web.url_for(p) for p in ("/ok", "/old", "/missing", "/error", "/slow")} | {
        tls_server.url_for("/secure"), refused}
    for url, entry in entries.items():
        assert set(entry) == {"url", "status", "http_code", "final_url", "error", "detail", "checked_at", "attempts",
                              "last_reachable", "broken_since", "used_by", "ideas", "offices"}
        assert entry["url"] == url and entry["status"] in links.STATUSES
    ok = entries[web.url_for("/ok")]
    assert ok["ideas"] == ["alpha-leave"] and ok["offices"] == ["alpha"]
    assert {(u["kind"], u["id"], u["field"]) for u in ok["used_by"]} == {
        ("office", "alpha", "website"), ("idea", "alpha-leave", "service.link")}
    assert ok["last_reachable"] == ok["checked_at"] and ok["broken_since"] is None
    assert entries[web.url_for("/error")]["attempts"] == 2
    assert entries[web.url_for("/slow")]["error"] == "timeout"
    assert entries[tls_server.url_for("/secure")]["error"] == "certificate"
    assert entries[refused]["error"] == "refused"
    assert entries[web.url_for("/old")]["status"] == "redirected"
    # the table: broken first, in both languages, and the summary
    lines = out.splitlines()
    table = [line for line in lines if "127.0.0.1" in line]
    assert len(table) == 7 and all("broken / অচল" in line for line in table[:5])
    assert "1 reachable, 1 redirected, 5 broken." in out and "৫টি অচল" in out
    # what the site calls
    site = links.load_report(tmp_path)
    assert site == report
    assert [e["url"] for e in links.broken_links(site, "beta")] == sorted([tls_server.url_for("/secure"), refused])
    assert len(links.broken_links(site)) == 5
    assert links.link_status(site, web.url_for("/ok"))["status"] == "reachable"
    assert links.link_status(site, "https://never.checked/") is None


def test_history_is_kept_across_runs(tmp_path, web):
    url = web.url_for("/missing")
    first = links.build_report({url: []}, {url: check(url)})
    time.sleep(1.1)
    second = links.build_report({url: []}, {url: check(url)}, previous=first)
    assert second["links"][url]["broken_since"] == first["links"][url]["broken_since"]
    assert second["links"][url]["checked_at"] != first["links"][url]["checked_at"]
    good = links.build_report({url: []}, {url: {**check(url), "status": "reachable", "error": None}}, previous=second)
    assert good["links"][url]["broken_since"] is None and good["links"][url]["last_reachable"]
    broken_again = links.build_report({url: []}, {url: check(url)}, previous=good)
    assert broken_again["links"][url]["last_reachable"] == good["links"][url]["last_reachable"]


def test_the_site_gets_an_empty_report_when_there_is_none(tmp_path):
    empty = links.load_report(tmp_path)
    assert empty == links.empty_report() and empty["links"] == {} and empty["checked_at"] is None
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "link-report.json").write_text("{not json", encoding="utf-8")
    assert links.load_report(tmp_path) == links.empty_report()
    assert links.broken_links(links.load_report(tmp_path), "alpha") == []


def test_out_folder_and_strict(tmp_path, web, capsys):
    content = tmp_path / "content"
    (content / "offices").mkdir(parents=True)
    (content / "offices" / "alpha.yaml").write_text(OFFICE.format(n=1, site=web.url_for("/missing")), encoding="utf-8")
    code = main(["--root", str(tmp_path), "check-links", "--timeout", str(TIMEOUT), "--retries", "0",
                 "--out", str(tmp_path / "reports"), "--strict"])
    assert code == 1
    assert (tmp_path / "reports" / "link-report.json").is_file() and not (tmp_path / "data").exists()
    assert "Traceback" not in capsys.readouterr().out
