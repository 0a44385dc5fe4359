"""The theme's copies of third-party assets, made by this module once and committed; nothing here
runs during `mkdocs build`. Run it again after upgrading mkdocs-material or Debian's
fonts-noto-core, or when a template starts using a Material class (tests/test_standards.py says so):

    .venv/bin/python -m generator.assets [css|fonts]

- theme/assets/stylesheets/material.css: the rules of Material's stylesheets (main and palette)
  that the bank's pages can use. Material's are 150 KB, written for its JavaScript bundle, its
  sidebars, its search, code highlighting, right-to-left scripts and dark colours, none of which
  the bank has; a phone downloads and parses them before it paints anything.
- theme/assets/fonts/NotoSansBengali-{Regular,Bold}.woff2: the Bengali block of Noto Sans Bengali
  with every OpenType feature (so every conjunct), without TrueType hinting, which phones ignore
  and which was a third of the bytes. Only Bengali, so a page or a line with no Bengali (English
  pages, numbers, punctuation) downloads no font at all: bank.css gives the faces a unicode-range.

Subsetting by hand with fontTools, not at build time: the subsets cover the whole Bengali block,
not the characters some page uses, so they do not change with the content and the build needs no
font tools; the same subsets stay in readers' caches from one release to the next.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme" / "assets"
MATERIAL_CSS = THEME / "stylesheets" / "material.css"
FONTS = THEME / "fonts"
FONT_SOURCE = Path("/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-core
FONT_WEIGHTS = ("Regular", "Bold")
# The Bengali block, the dandas Bengali shares with Devanagari, the joiners that choose a conjunct's
# form, and the dotted circle a shaper draws under a vowel sign that stands alone. bank.css gives
# the same list as the faces' unicode-range.
BENGALI = [(0x0964, 0x0965), (0x0980, 0x09FE), (0x200C, 0x200D), (0x25CC, 0x25CC)]

# What contributors' Markdown can bring to a page beyond the sample content: every construct of
# the extensions in mkdocs.yml, rendered and sanitised as the plugin does (admonitions of each kind
# Material styles, tables, definition lists, code, quotes, images, headings, ordered lists).
MARKDOWN_SAMPLE = "\n\n".join(
    [f'!!! {kind} "x"\n    x' for kind in ("note", "abstract", "info", "tip", "success", "question", "warning",
                                           "failure", "danger", "bug", "example", "quote")]
    + ["| a | b |\n|:--|--:|\n| x | y |", "term\n:   definition", "`code`\n\n    block", "> quote",
       "![alt](x.png)", "### h3\n\n#### h4\n\n##### h5\n\n###### h6", "3. three\n4. four", "- a\n- b", "---",
       "*em* **strong** <abbr title='x'>x</abbr> <sub>1</sub> <sup>2</sup> <del>d</del>",
       "<details><summary>s</summary>d</details>"])


# ---- the vocabulary of the pages ---------------------------------------------------------------

@dataclass
class Vocabulary:
    """The classes, ids and attributes (with their values) that occur in the bank's pages."""
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    values: set[tuple[str, str]] = field(default_factory=set)


class _Collector(HTMLParser):
    def __init__(self, vocabulary: Vocabulary):
        super().__init__()
        self.vocabulary = vocabulary

    def handle_starttag(self, tag, attrs):
        v = self.vocabulary
        for name, value in attrs:
            v.attributes.add(name)
            v.values.add((name, value or ""))
            if name == "class" and value:
                v.classes.update(value.split())
            elif name == "id" and value:
                v.ids.add(value)


def vocabulary(site: Path) -> Vocabulary:
    """Every page of a built site, the class names the theme's scripts give the elements they
    make, and what contributors' Markdown can bring (MARKDOWN_SAMPLE)."""
    import markdown
    import yaml

    from .sanitise import sanitise

    found = Vocabulary()
    collector = _Collector(found)
    for page in sorted(site.rglob("*.html")):
        collector.feed(page.read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    collector.feed(sanitise(markdown.markdown(MARKDOWN_SAMPLE, extensions=extensions)))
    collector.close()
    for script in (THEME / "javascripts").glob("*.js"):
        found.classes.update(re.findall(r"""["']([a-z][\w-]*)["']""", script.read_text(encoding="utf-8")))
    return found


# ---- stylesheets ---------------------------------------------------------------------------------

@dataclass
class Rule:
    selectors: list[str]
    declarations: list[str]


@dataclass
class Group:
    """@media or @supports, with the rules inside it."""
    prelude: str
    items: list


@dataclass
class Other:
    """@charset, @keyframes, @page, @font-face: kept or dropped whole."""
    text: str


def _walk(text: str):
    """(index, character, depth) of each character outside strings; depth counts the brackets
    open around it (an opening bracket has the depth outside it)."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            yield i, c, depth
            depth += 1
        elif c in ")]}":
            depth -= 1
            yield i, c, depth
        else:
            yield i, c, depth
        i += 1


def _split(text: str, separator: str) -> list[str]:
    parts, start = [], 0
    for i, c, depth in _walk(text):
        if c == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)


def parse(css: str) -> list:
    css = _COMMENT.sub(lambda m: m.group(1) or "", css)
    items, start, opened = [], 0, None
    for i, c, depth in _walk(css):
        if depth:
            continue
        if c == ";" and opened is None:
            items.append(Other(css[start:i + 1].strip()))
            start = i + 1
        elif c == "{":
            opened = i
        elif c == "}" and opened is not None:
            prelude, body = css[start:opened].strip(), css[opened + 1:i]
            if prelude.startswith(("@media", "@supports")):
                items.append(Group(prelude, parse(body)))
            elif prelude.startswith("@"):
                items.append(Other(f"{prelude}{{{body}}}"))
            else:
                items.append(Rule(_split(prelude, ","), _split(body, ";")))
            start, opened = i + 1, None
    return items


def serialise(items: list) -> str:
    out = []
    for item in items:
        if isinstance(item, Rule):
            out.append(f"{','.join(item.selectors)}{{{';'.join(item.declarations)}}}")
        elif isinstance(item, Group):
            out.append(f"{item.prelude}{{{''.join(serialise(item.items).splitlines())}}}")
        else:
            out.append(item.text)
    return "\n".join(out)


_NAME = re.compile(r"-?(?:[\w-]|\\.)+")
_SELECTOR_LISTS = {"is", "where", "matches", "-webkit-any", "-moz-any"}


def _bracket_end(selector: str, i: int) -> int:
    """The index after the bracket that closes the one opened at i."""
    for j, c, depth in _walk(selector[i:]):
        if depth == 0 and c in ")]":
            return i + j + 1
    return len(selector)


def matches(selector: str, vocabulary: Vocabulary) -> bool:
    """Whether the pages may have an element the selector applies to: every class and id it
    needs occurs, and every attribute it tests. The values of Material's own state attributes
    (data-md-…, dir) must occur as well: those rules serve its JavaScript and right-to-left
    scripts. Elements and states (:hover, :checked) are assumed possible."""
    i, n = 0, len(selector)
    while i < n:
        c = selector[i]
        if c in ".#":
            name = _NAME.match(selector, i + 1)
            token = name.group().replace("\\", "") if name else ""
            if token not in (vocabulary.classes if c == "." else vocabulary.ids):
                return False
            i = name.end() if name else i + 1
        elif c == "[":
            end = _bracket_end(selector, i)
            test = re.match(r"\[\s*([\w-]+)\s*(?:([~|^$*]?=)\s*(\"[^\"]*\"|'[^']*'|[^\s\]]+)\s*\w?)?\s*\]",
                            selector[i:end])
            if test:
                name, operator, value = test.groups()
                if name not in vocabulary.attributes:
                    return False
                if operator == "=" and (name.startswith("data-md-") or name == "dir") \
                        and (name, value.strip("\"'")) not in vocabulary.values:
                    return False
            i = end
        elif c == ":":
            j = i + 2 if selector.startswith("::", i) else i + 1
            name = _NAME.match(selector, j)
            i = name.end() if name else j
            if i < n and selector[i] == "(":
                end = _bracket_end(selector, i)
                if name and name.group() in _SELECTOR_LISTS:
                    if not any(matches(s, vocabulary) for s in _split(selector[i + 1:end - 1], ",")):
                        return False
                i = end
        else:
            i += 1
    return True


def _prune_rules(items: list, vocabulary: Vocabulary) -> list:
    kept = []
    for item in items:
        if isinstance(item, Rule):
            selectors = [s for s in item.selectors if matches(s, vocabulary)]
            if selectors:
                kept.append(Rule(selectors, item.declarations))
        elif isinstance(item, Group):
            inner = _prune_rules(item.items, vocabulary)
            if inner:
                kept.append(Group(item.prelude, inner))
        else:
            kept.append(item)
    return kept


def _rules(items: list):
    for item in items:
        if isinstance(item, Group):
            yield from _rules(item.items)
        elif isinstance(item, Rule):
            yield item


_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def _prune_unused(items: list, also_used: str) -> list:
    """Custom properties nothing reads (Material defines hundreds: every colour of every
    palette, icons for features the bank does not have) and animations nothing runs."""
    declarations = [d for rule in _rules(items) for d in rule.declarations]
    used = set(_VAR.findall(also_used)) | {v for d in declarations if not d.startswith("--") for v in _VAR.findall(d)}
    custom = {}
    for d in declarations:
        if d.startswith("--"):
            custom.setdefault(d.split(":", 1)[0].strip(), []).append(d)
    todo = list(used)
    while todo:
        for d in custom.get(todo.pop(), []):
            for v in _VAR.findall(d):
                if v not in used:
                    used.add(v)
                    todo.append(v)
    animations = " ".join(d for d in declarations if d.startswith("animation"))

    def keep(item):
        if isinstance(item, Other) and item.text.startswith("@keyframes"):
            return re.search(rf"\b{re.escape(item.text.split()[1].split('{')[0])}\b", animations) is not None
        return True

    def prune(items):
        kept = []
        for item in items:
            if isinstance(item, Rule):
                decls = [d for d in item.declarations if not d.startswith("--") or d.split(":", 1)[0].strip() in used]
                if decls:
                    kept.append(Rule(item.selectors, decls))
            elif isinstance(item, Group):
                inner = prune(item.items)
                if inner:
                    kept.append(Group(item.prelude, inner))
            elif keep(item):
                kept.append(item)
        return kept

    return prune(items)


def material_stylesheets() -> list[Path]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return [next(folder.glob(f"{name}.*.min.css")) for name in ("main", "palette")]


def material_version() -> str:
    from importlib.metadata import version

    return version("mkdocs-material")


def pruned_material(vocabulary: Vocabulary) -> str:
    """Material's stylesheets, only the rules the pages can use (one rule or @media per line)."""
    items = parse("".join(p.read_text(encoding="utf-8") for p in material_stylesheets()))
    items = [i for i in items if not (isinstance(i, Other) and i.text.startswith("@charset"))]
    # What the theme's own styles and templates read of Material's custom properties counts as used.
    ours = "".join(p.read_text(encoding="utf-8") for p in (THEME / "stylesheets").glob("*.css") if p != MATERIAL_CSS)
    ours += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "theme").rglob("*.html"))
    return serialise(_prune_unused(_prune_rules(items, vocabulary), ours))


def entries(css: str) -> set[tuple]:
    """A stylesheet as (context, selector, declaration) triples: one rule's selectors can be split
    or merged without changing what it styles."""
    found = set()

    def walk(items, context):
        for item in items:
            if isinstance(item, Rule):
                found.update((context, s, d) for s in item.selectors for d in item.declarations)
            elif isinstance(item, Group):
                walk(item.items, context + (item.prelude,))
            elif not item.text.startswith("@charset"):
                found.add((context, item.text, ""))

    walk(parse(css), ())
    return found


def write_css(site: Path) -> None:
    css = pruned_material(vocabulary(site))
    header = (f"/* mkdocs-material {material_version()} (© Martin Donath, MIT licence): the rules of its main and "
              "palette stylesheets the bank's pages use, by generator/assets.py. Do not edit. */")
    MATERIAL_CSS.write_text(f'@charset "UTF-8";\n{header}\n{css}\n', encoding="utf-8")
    print(f"{MATERIAL_CSS.relative_to(ROOT)}: {MATERIAL_CSS.stat().st_size:,} bytes "
          f"(Material's: {sum(p.stat().st_size for p in material_stylesheets()):,})")


# ---- fonts ---------------------------------------------------------------------------------------

def write_fonts() -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.flavor = "woff2"
    unicodes = [u for first, last in BENGALI for u in range(first, last + 1)]
    for weight in FONT_WEIGHTS:
        font = TTFont(FONT_SOURCE / f"NotoSansBengali-{weight}.ttf", recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        out = FONTS / f"NotoSansBengali-{weight}.woff2"
        font.flavor = "woff2"
        font.save(out, reorderTables=False)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="?", choices=("css", "fonts"), help="only one of the two (default: both)")
    args = parser.parse_args(argv)
    if args.what in (None, "fonts"):
        write_fonts()
    if args.what in (None, "css"):
        with tempfile.TemporaryDirectory() as site:
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT, check=True)
            write_css(Path(site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
