"""Contributors' text is untrusted: their rendered Markdown passes through nh3 (the Ammonia
sanitiser), keeping ordinary formatting and only http(s)/mailto and relative links. It keeps no
picture: pictures are listed under `images:` (validation refuses them in the text,
generator/load/images.py), so that nothing in the text makes a page load from another host."""

from __future__ import annotations

import re

import nh3

_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
         "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong",
         "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "div": {"class"}, "p": {"class"}, "span": {"class"}, "td": {"align"}, "th": {"align"},
    "ol": {"start"}, "abbr": {"title"},
}
_SCHEMES = {"http", "https", "mailto"}


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20]")  # browsers drop these from URLs: "java\tscript:" is javascript:


def _url(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        scheme = _SCHEME.match(_IGNORED.sub("", value).lower())
        if scheme and scheme.group(1) not in _SCHEMES:
            return None
    return value


def sanitise(html: str) -> str:
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, attribute_filter=_url,
                      link_rel="noopener noreferrer nofollow", strip_comments=True)
    # A wide table scrolls sideways in a box that keyboard users can reach, as the theme's own do.
    return clean.replace("<table>", '<div class="md-typeset__table" tabindex="0"><table>').replace(
        "</table>", "</table></div>")
