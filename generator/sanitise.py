"""Contributors' text is untrusted: their rendered Markdown passes through nh3 (the Ammonia
sanitiser), keeping ordinary formatting and only http(s)/mailto links and links to the bank's own
pages. It keeps no picture: pictures are listed under `images:` (validation refuses them in the
text, generator/load/images.py), so that nothing in the text makes a page load from another host."""

from __future__ import annotations

import html as _html
import re
import threading
from typing import Callable
from urllib.parse import unquote

import nh3

from .load.body_links import SCHEMES as PAGE_SCHEMES, WEB_SCHEMES, off_site, scheme
from .model.common import web_address

_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
         "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong",
         "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "td": {"align"}, "th": {"align"}, "ol": {"start"}, "abbr": {"title"},
}
# Only the classes of an admonition (`!!! note "…"`, in each of Material's kinds): any other class
# would let a body dress itself in the site's own chrome (a header bar, a button).
_ADMONITIONS = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
                "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
                "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"}
_CLASSES = {"div": {"admonition", *_ADMONITIONS}, "p": {"admonition-title"}}
# A body's ids (its headings', which toc gives them or the contributor writes) are its own: each
# starts with this, so none can be an id the page's chrome or sections use (the search box's
# "bank-search-input", a team page's "members" or "plan-2023", an idea page's "service" that
# its service box is labelled by), nor, with a hyphen in it, a name a script reads from
# `window`. A #section link in the body to one of its headings follows it; a #section that
# no heading of the body has is left to name the page's own (#impact), as a link to another
# page's #section is (team:…#members; a heading of that page's body is #body-…). A second
# element with an id already used loses it, as a browser would find only the first.
ID_PREFIX = "body-"
_SPACE = re.compile(r"[ \t\n\f\r]")  # never in an id (HTML's rule)
# The same-page links of a sanitised body: `<a … href="#…"`, attribute values quoted as nh3
# writes them (a quotation mark inside one is &quot;).
_SECTION_LINK = re.compile(r'(<a\s(?:[^>"]|"[^"]*")*?href="#)([^"]*)"')


def allow_list() -> dict:
    """The tags, attributes, classes and link schemes kept, and the prefix of a body's ids, for the web
    form's preview (DOMPurify in the browser, configured from this one list)."""
    return {"tags": sorted(_TAGS), "attributes": {tag: sorted(names) for tag, names in _ATTRIBUTES.items()},
            "classes": {tag: sorted(names) for tag, names in _CLASSES.items()}, "schemes": sorted(WEB_SCHEMES),
            "id_prefix": ID_PREFIX}


def _url(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        name = scheme(value)
        if name and name not in WEB_SCHEMES or not name and off_site(value) \
                or name in ("http", "https") and not web_address(value):  # the fields' rule for a host
            return None
    return value


class _Call(threading.local):
    """The link resolver of the sanitise call running in this thread, what it raised, and the ids
    its body has given (as written, without ID_PREFIX)."""

    def __init__(self):
        self.link: Callable[[str], str] | None = None
        self.raised: list[Exception] = []
        self.ids: set[str] = set()


_CALL = _Call()


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        if not value or value in _CALL.ids or _SPACE.search(value):
            return None
        _CALL.ids.add(value)
        return ID_PREFIX + value
    if _CALL.link is not None and tag == "a" and name == "href":
        try:
            value = _CALL.link(value)
        except Exception as error:
            _CALL.raised.append(error)
            return None
    return _url(tag, name, value)


# Made once: nh3.clean builds its sanitiser from these sets on every call (a third of a body's
# time). The short forms of links to the bank's pages pass nh3's scheme check to reach `link`;
# _url refuses any that `link` did not turn into an address.
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, allowed_classes=_CLASSES,
                       url_schemes=WEB_SCHEMES | set(PAGE_SCHEMES), attribute_filter=_attribute,
                       link_rel="noopener noreferrer nofollow", strip_comments=True)


def _to_heading(link: re.Match) -> str:
    """A #section link to a heading of the body, given the heading's published id; a browser finds
    the id of "#%E0%A6%95" as of "#ক", so both forms are looked for."""
    written = _html.unescape(link.group(2))
    if written in _CALL.ids or unquote(written) in _CALL.ids:
        return f'{link.group(1)}{ID_PREFIX}{link.group(2)}"'
    return link.group(0)


def sanitise(html: str, link: Callable[[str], str] | None = None) -> str:
    """`link` gives each link address its published one (generator/pages/body_links.py); what
    it raises is raised here (nh3 would only print it)."""
    if not html:  # a page with no body
        return html
    _CALL.link, _CALL.raised, _CALL.ids = link, [], set()
    try:
        clean = _CLEANER.clean(html)
    finally:
        _CALL.link = None
    if _CALL.raised:
        raise _CALL.raised[0]
    if _CALL.ids and 'href="#' in clean:
        clean = _SECTION_LINK.sub(_to_heading, clean)
    # A wide table scrolls sideways in a box that keyboard users can reach, as the theme's own do.
    return clean.replace("<table>", '<div class="md-typeset__table" tabindex="0"><table>').replace(
        "</table>", "</table></div>")
