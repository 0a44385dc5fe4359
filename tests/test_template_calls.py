"""How the templates call Python (generator/templating.py): each page's `t` in its own language
says exactly what the catalogue says, and the environment's context calls a plain function
straight away while a `pass_context` one still sees the variables a block or loop set."""

from __future__ import annotations

import pytest
from jinja2 import Environment, pass_context

from generator.i18n import LANGUAGES, catalogue, t
from generator.model import places
from generator.pages.map import choropleth
from generator.templating import _Context, bar_widths, strings


def test_a_pages_t_says_what_the_catalogue_says_in_its_language():
    for lang in LANGUAGES:
        page_t = strings(lang)
        for key in catalogue():
            try:
                expected = t(key, lang)
            except KeyError:  # a string with placeholders that need values
                with pytest.raises(KeyError):
                    page_t(key)
            else:
                assert page_t(key) == expected, (key, lang)
        other = "en" if lang == "bn" else "bn"
        assert page_t("nav.home", _lang_=other) == t("nav.home", other)
        assert page_t("browse.count", count=1234) == t("browse.count", lang, count=1234)


def _environment() -> Environment:
    env = Environment(autoescape=True)
    env.context_class = _Context
    return env


def test_plain_functions_and_methods_are_called_with_their_arguments():
    env = _environment()
    template = env.from_string("{% set rows = [] %}{% set _ = rows.append(2) %}"
                               "{% block b %}{% set x = 1 %}{{ add(x, 3) }} {{ rows }} {{ shout('<a>') }}{% endblock %}")
    html = template.render(add=lambda a, b: a + b, shout=str.upper)
    assert html == "4 [2] &lt;A&gt;"


def test_a_context_function_sees_what_the_block_and_the_loop_set():
    @pass_context
    def seen(ctx, name):
        return ctx.get(name, "-")

    env = _environment()
    template = env.from_string("{% block b %}{% set x = 'block' %}{{ seen('x') }}"
                               "{% for i in [1] %}{% set y = 'loop' %}{{ seen('y') }}{% endfor %}{{ seen('z') }}{% endblock %}")
    assert template.render(seen=seen, z="page") == "blocklooppage"


def test_a_function_that_raises_stop_iteration_gives_undefined_as_jinja_does():
    def empty():
        return next(iter(()))

    assert _environment().from_string("[{{ empty() }}]").render(empty=empty) == "[]"


def test_impact_bars_are_drawn_to_the_scale_of_the_larger_value():
    """The impact chart's bars (idea.html): the larger of before and after is 100 wide, a rise as
    much as a fall; a bar is at least 0.5 wide (still seen), to one decimal."""
    assert [bar_widths(200, 1), bar_widths(3, 1), bar_widths(10, 30), bar_widths(100, 250), bar_widths(0, 5),
            bar_widths(0, 0), bar_widths(7, 7)] == [
        (100, 0.5), (100, 33.3), (33.3, 100), (40, 100), (0.5, 100), (0.5, 0.5), (100, 100)]


def test_a_map_lists_its_districts_in_the_order_of_their_names_in_the_pages_language():
    """DistrictMap.by_name orders a map's areas as Jinja's `sort(attribute='name.<lang>')` did."""
    drawn = choropleth({code: 0 for code in places() if places()[code].level == "district"})
    sort = Environment(autoescape=True).from_string(
        "{% for area in map.areas | sort(attribute='name.' ~ lang) %}{{ area.code }} {% endfor %}")
    for lang in LANGUAGES:
        assert [area.code for area in drawn.by_name(lang)] == sort.render(map=drawn, lang=lang).split()
