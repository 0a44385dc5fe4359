"""Contributors' text is untrusted: their rendered Markdown passes through nh3 (the Ammonia
sanitiser), keeping ordinary formatting and only http(s)/mailto links and links to the bank's own
pages. It keeps no picture: pictures are listed under `images:` (validation refuses them in the
text, generator/load/images.py), so that nothing in the text makes a page load from another host."""

from __future__ import annotations

from typing import Callable

import nh3

from .load.body_links import SCHEMES as PAGE_SCHEMES, scheme

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


def allow_list() -> dict:
    """The tags, attributes and link schemes kept, for the web form's preview (DOMPurify in the
    browser, configured from this one list)."""
    return {"tags": sorted(_TAGS), "attributes": {tag: sorted(names) for tag, names in _ATTRIBUTES.items()},
            "schemes": sorted(_SCHEMES)}


def _url(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        name = scheme(value)
        if name and name not in _SCHEMES:
            return None
    return value


def sanitise(html: str, link: Callable[[str], str] | None = None) -> str:
    """`link` gives each link address its published one (generator/pages/body_links.py); what
    it raises is raised here (nh3 would only print it)."""
    raised: list[Exception] = []

    def attribute(tag: str, name: str, value: str) -> str | None:
        if link is not None and tag == "a" and name == "href":
            try:
                value = link(value)
            except Exception as error:
                raised.append(error)
                return None
        return _url(tag, name, value)

    # The short forms of links to the bank's pages pass nh3's scheme check to reach `link`; _url
    # refuses any that `link` did not turn into an address.
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES | set(PAGE_SCHEMES),
                      attribute_filter=attribute, link_rel="noopener noreferrer nofollow", strip_comments=True)
    if raised:
        raise raised[0]
    # A wide table scrolls sideways in a box that keyboard users can reach, as the theme's own do.
    return clean.replace("<table>", '<div class="md-typeset__table" tabindex="0"><table>').replace(
        "</table>", "</table></div>")
