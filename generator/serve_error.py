"""`mkdocs serve` after a build that failed. MkDocs's server holds every page request until a build
succeeds (it serves no half-built site), so an officer who saved a file with a mistake saw the
browser load forever, the message only in the terminal. While the last build has failed, a page
request is answered with that message instead, in both languages; MkDocs's live-reload script,
which it adds to every page it serves, reloads it once a build succeeds."""

from __future__ import annotations

import html
from typing import Callable, Iterable

from .i18n import LANGUAGES, t


class ShownErrors:
    """A WSGI app in front of MkDocs's LiveReloadServer's own (wsgiref's get_app / set_app)."""

    def __init__(self, server) -> None:
        self.server, self.message = server, None
        self.app: Callable = server.get_app()
        server.set_app(self)

    def failed(self, error: BaseException) -> None:
        self.message = str(error) or type(error).__name__

    def built(self) -> None:
        self.message = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        message, path = self.message, environ.get("PATH_INFO", "")
        if message is None or not path.endswith(("/", ".html")):  # the live-reload poll, styles, scripts …
            return self.app(environ, start_response)
        page = self.page(message)
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                     ("Content-Length", str(len(page))), ("Cache-Control", "no-store")])
        return [page]

    def page(self, message: str) -> bytes:
        parts = "".join(f'<section lang="{lang}"><h1>{html.escape(t("build.serve_failed", lang))}</h1>'
                        f'<p>{html.escape(t("build.serve_fix", lang))}</p></section>' for lang in LANGUAGES)
        page = (f'<!doctype html><html lang="{LANGUAGES[0]}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{html.escape(t("build.serve_failed", LANGUAGES[0]))}</title>'
                '<style>body{font-family:sans-serif;margin:1rem;line-height:1.5}'
                'pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fdecea;padding:1rem}</style></head>'
                f'<body>{parts}<pre>{html.escape(message)}</pre></body></html>').encode("utf-8")
        reload = getattr(self.server, "_inject_js_into_html", None)  # MkDocs 1.6's, as on every page
        epoch = getattr(self.server, "_visible_epoch", None)
        return reload(page, epoch) if reload is not None and epoch is not None else page
