"""The MkDocs plugin: loads and validates content once per build, asks each page builder for its
pages, adds them as generated files (out of the navigation, so a page does not embed 20,000
links), hands each template its data, sanitises contributor HTML, publishes the open data, and
indexes the site for search.

`mkdocs build` loads the bank, then renders the Bengali pages while a forked child renders the
English ones (generator/parallel.py), and swaps the finished site into place only when everything
succeeded, strict mode's warnings included: a failed build leaves the previous site untouched, and
a second build of the same site while one runs stops at once. `mkdocs serve` renders both in one
process; with --dirty (as `make serve` runs it) a rebuild re-renders only the pages an edit
changed."""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from .config import InnobankConfig
from .i18n import LANGUAGES, both
from .load import ContentError, load
from .load.tree import linked_folders
from .pages import LangPage, expand, fingerprint, url_of
from .pages import api, body_links, browse, codes, contribute, home, ideas, offices, place, scorecard, showcase, teams
from .pages import map as district_map
from .pages.relations import relate
from .parallel import MKDOCS_LOGGER, EnglishPart
from .publish import EVERY_BUILD, PUBLISHERS
from .sanitise import sanitise
from .search import index_site
from .templating import install

log = logging.getLogger("mkdocs.plugins.innobank")

BUILDERS = (home.build, ideas.build, teams.build, teams.build_index, offices.build, offices.build_index,
            showcase.build, browse.build, place.build, place.build_index, api.build, scorecard.build,
            codes.build, contribute.build)
# Material's JavaScript: main.html loads none of it (the bank's search.js is all there is)
UNUSED_ASSETS = ("assets/javascripts/bundle.", "assets/javascripts/lunr/", "assets/javascripts/workers/")
NAV = {"index.md"}  # mkdocs.yml's nav: always among a rebuild's files, or MkDocs warns it is missing


class InnobankPlugin(BasePlugin[InnobankConfig]):
    def __init__(self):
        self.pages: dict[str, LangPage] = {}
        self.rendered: dict[str, int] = {}  # src_uri → fingerprint of what is on disk (serve --dirty)
        self.loaded = {}  # what each content file gave, kept across `mkdocs serve` rebuilds
        self.serving = self.dirty = self.rebuilding = False
        self.english: EnglishPart | None = None
        # Set in code by generator/parallel.py in the child that builds one language's part from
        # the parent's loaded bank (`preloaded`); None in an ordinary build.
        self.part: str | None = None
        self.preloaded = None
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.lock = None  # the open lock file: one build of a site at a time
        self.warnings: CountHandler | None = None  # strict mode's count, read before the swap

    def become_part(self, lang: str, rel) -> None:
        """In generator/parallel.py's child: build only `lang`'s pages from the parent's loaded
        bank. The instance is the parent's own (MkDocs keeps plugin instances from one load of
        the configuration to the next), so the parent's build state is dropped first."""
        self.__init__()
        self.part, self.preloaded = lang, rel

    @property
    def languages(self) -> tuple[str, ...]:
        if self.part:
            return (self.part,)
        return ("bn",) if self.english else LANGUAGES

    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty

    def on_config(self, config: MkDocsConfig):
        self.project_dir = Path(config.config_file_path).parent  # docs_dir is under it, as written
        self.repo_root = self.project_dir.resolve()
        if self.part:
            config.nav = None  # the parent's pages (index.md) are not among this part's files
        if self.serving or self.part:
            return config
        # Build into a staging folder; on_post_build moves it into place (atomic builds).
        self.site_dir = Path(config.site_dir)
        self.lock = _lock(self.site_dir)
        self.staging = self.site_dir.with_name(f".{self.site_dir.name}-building")
        config.site_dir = str(self.staging)
        if config.strict:  # MkDocs counts warnings only after on_post_build, when the site is swapped in
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger(MKDOCS_LOGGER).addHandler(self.warnings)
        return config

    def on_pre_build(self, config: MkDocsConfig):
        if not self.part:
            problems = linked_folders(Path(config.docs_dir))
            if problems:
                raise PluginError(str(ContentError(problems)))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.preloaded is not None:
            self.rel = self.preloaded
            bank = self.rel.bank
        else:
            bank, problems = load(Path(config.docs_dir), cache=self.loaded if self.serving else None)
            if problems:
                raise PluginError(str(ContentError(problems)))
            self.rel = relate(bank, self.repo_root)
            if self.staging is not None and self.config.parallel:
                district_map.topology()  # simplified once, before the fork, for both languages
                self.english = EnglishPart(config, self.staging.with_name(self.staging.name + "-en"), self.rel)
        if self.part:  # its pages are all the parent takes from it
            kept = []
            config.theme.static_templates.clear()
        else:
            # From content/, only the pictures load.tree accepted: no content file, link or other file.
            kept = [f for f in files if not f.src_uri.startswith(UNUSED_ASSETS)
                    and (f.src_dir != config.docs_dir or f.src_uri in bank.media)]
        incremental = self.serving and self.dirty
        self.rebuilding = incremental and bool(self.rendered)
        config.theme.static_templates.discard("sitemap.xml")  # publish/sitemap.py writes it, from every page
        digests = {}
        if incremental:  # a record and its model stand for their content when fingerprinting pages
            for table in (bank.teams, bank.offices):
                for r in table.values():
                    digests[id(r)] = digests[id(r.item)] = r.digest
            for r in bank.ideas.values():  # and an innovation is shown with its offices' names
                offices = {r.item.office, *(rep.office for rep in r.item.replications if rep.office)}
                digests[id(r)] = digests[id(r.item)] = hash((r.digest, *(bank.offices[o].digest for o in sorted(offices))))
        self.pages = {}
        generated = []
        for builder in BUILDERS:
            for lang_page in expand(builder(self.rel, self.config), self.languages):
                self.pages[lang_page.src_uri] = lang_page
                if incremental:
                    mark = fingerprint(lang_page, digests)
                    if self.rendered.get(lang_page.src_uri) == mark and lang_page.src_uri not in NAV:
                        continue  # unchanged, and still on disk from the previous build
                    self.rendered[lang_page.src_uri] = mark
                generated.append(File.generated(config, lang_page.src_uri, content=lang_page.markdown,
                                                inclusion=InclusionLevel.NOT_IN_NAV))
        return Files(kept + generated)

    def on_env(self, env, config, files):
        install(env, self, Path(config.theme.custom_dir))
        # Open data is published by the first process only; on a quick rebuild, only the sitemap.
        if not self.part:
            for publish in EVERY_BUILD if self.rebuilding else PUBLISHERS:
                outputs = publish(rel=self.rel, site_url=config.site_url or "/", env=env, config=config,
                                  pages=self.pages.values())
                for path, content in outputs.items():
                    source = {"abs_src_path": str(content)} if isinstance(content, Path) else {"content": content}
                    files.append(File.generated(config, path, **source, inclusion=InclusionLevel.INCLUDED))
        return env

    def on_page_markdown(self, markdown, page, config, files):
        lang_page = self.pages.get(page.file.src_uri)
        if lang_page is None:
            return markdown
        # Material prints title and description unescaped: give it escaped text.
        page.meta.update(template=lang_page.page.template, lang=lang_page.lang, hide=["navigation", "toc"],
                         updated=lang_page.page.data.get("updated"),
                         title=str(escape(lang_page.title)), description=str(escape(lang_page.description)))
        return markdown

    def on_page_content(self, html, page, config, files):
        lang_page = self.pages.get(page.file.src_uri)
        if lang_page is None:
            return html
        try:
            return sanitise(html, link=body_links.resolver(lang_page, self.rel.bank))
        except ContentError as error:
            raise PluginError(str(error)) from None

    def on_page_context(self, context, page, config, nav):
        lang_page = self.pages.get(page.file.src_uri)
        if lang_page is not None:
            context.update(lang_page.page.data, page_lang=lang_page.lang, fallback=lang_page.fallback,
                           twin=url_of(lang_page.page.key, "en" if lang_page.lang == "bn" else "bn"),
                           page_key=lang_page.page.key, edit_url=self.edit_url(lang_page),
                           form_query=contribute.form_link(lang_page.page.key))
        return context

    def edit_url(self, lang_page: LangPage) -> str | None:
        source = lang_page.page.source
        if source is None or not self.config.repository:
            return None
        if lang_page.lang == "en" and lang_page.page.body.get("en") is not None:
            source = source.with_name(source.name[: -len(".md")] + ".en.md")
        relative = Path(os.path.relpath(source, self.project_dir)).as_posix()  # no file system calls per page
        return f"{self.config.repository.rstrip('/')}/edit/{self.config.branch}/{relative}"

    def on_post_build(self, config):
        site = Path(config.site_dir)
        if self.serving and not self.rebuilding:
            # What the first build leaves (the loaded bank, a million objects) lives as long as the
            # server: out of the garbage collector's sight, so a rebuild's collections do not scan it.
            gc.freeze()
        if self.rebuilding:  # the preview shows the edit at once; search catches up in a moment
            threading.Thread(target=index_site, args=(site, self.languages), daemon=True).start()
        else:
            index_site(site, self.languages)
        if self.english:
            self.english.wait()
            self.english.merge_into(site)
        if self.staging is None:
            return
        if self.warnings is not None and (counts := self.warnings.get_counts()):
            raise PluginError(f"Aborted with {', '.join(f'{n} {level.lower()}s' for level, n in counts)} in strict mode.")
        old = self.site_dir.with_name(f".{self.site_dir.name}-previous-{os.getpid()}")
        if self.site_dir.exists():
            self.site_dir.rename(old)
            # Deleting 20,000 old files is nobody's wait: do it in the background.
            subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(old)],
                             start_new_session=True)
        self.staging.rename(self.site_dir)
        log.info("Site written to %s", self.site_dir)

    def on_build_error(self, error):
        if self.english:
            self.english.stop()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            log.error("The build failed; the previous site in %s is unchanged.", self.site_dir)

    def on_shutdown(self):
        if self.warnings is not None:
            logging.getLogger(MKDOCS_LOGGER).removeHandler(self.warnings)


def _lock(site_dir: Path):
    """Hold the site's lock for the rest of the build, or stop at once: two builds into the same
    staging folders would publish a mixture of both (or half of one)."""
    path = site_dir.with_name(f".{site_dir.name}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — held open until the process ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "?"
        lock.close()
        raise PluginError(both("build.busy", site=str(site_dir), pid=holder)) from None
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    return lock
