"""Contributors' text is untrusted: their rendered Markdown passes through nh3 (the Ammonia
sanitiser), keeping ordinary formatting and only http(s)/mailto and relative links."""

from __future__ import annotations

import nh3

_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
         "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong",
         "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul"}
_ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "div": {"class"}, "p": {"class"}, "span": {"class"}, "td": {"align"}, "th": {"align"},
    "ol": {"start"}, "abbr": {"title"},
}
_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
