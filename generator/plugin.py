"""The MkDocs plugin: loads and validates content once per build, asks each page builder for its
pages (out of the navigation, so a page does not embed 20,000 links), has generator/render.py
render them from their templates outside MkDocs' per-page pipeline (which renders only the home
page that mkdocs.yml's nav names), sanitises contributor HTML, publishes the open data, and
indexes the site for search.

`mkdocs build` loads the bank, then forks one render worker per core (generator/parallel.py), each
rendering a share of the pages in both languages and drawing a share of the share images, while
this process publishes the open data; it swaps the finished site into place only when everything
succeeded, strict mode's warnings included: a failed build leaves the previous site untouched, and
a second build of the same site while one runs stops at once. A build renders only the pages whose
content changed since the last build and takes the others from the last site
(generator/incremental.py). `mkdocs serve` renders in one
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

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler, copy_file, write_file

from . import incremental
from .config import InnobankConfig
from .i18n import LANGUAGES, both
from .load import ContentError, load, stable_hash
from .load.tree import linked_folders
from .pages import LangPage, expand, fingerprint
from .pages import api, browse, codes, contribute, home, ideas, offices, place, scorecard, showcase, teams
from .pages import map as district_map
from .pages.relations import relate
from .parallel import MARK, MKDOCS_LOGGER, Workers
from .publish import EVERY_BUILD, PUBLISHERS, SHARED, share_images
from .render import Renderer, content, context, meta
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
        self.generated: Files | None = None  # every generated page's File (MkDocs sees only NAV's)
        self.todo: list[LangPage] = []  # the pages this build renders
        self.renderer: Renderer | None = None
        self.workers: Workers | None = None
        self.share_plan: dict = {}  # (slug, language) → (site path, cached PNG, what it shows); share_images.plan
        self.drawing = 0  # how many of them were not in the cache
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.lock = None  # the open lock file: one build of a site at a time
        self.warnings: CountHandler | None = None  # this process's warnings (strict mode reads them before the swap)
        self.warned = False  # a render worker logged a warning
        self.state: incremental.State | None = None  # what the last `mkdocs build` left (not on serve)
        self.state_folder: Path | None = None
        self.unchanged: list[str] = []  # site paths of the pages this build takes from the last site
        self.pending_state: Path | None = None

    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty

    def on_config(self, config: MkDocsConfig):
        self.project_dir = Path(config.config_file_path).parent  # docs_dir is under it, as written
        self.repo_root = self.project_dir.resolve()
        if self.serving:
            return config
        # Build into a staging folder; on_post_build moves it into place (atomic builds).
        self.site_dir = Path(config.site_dir)
        self.lock = _lock(self.site_dir)
        self.staging = self.site_dir.with_name(f".{self.site_dir.name}-building")
        config.site_dir = str(self.staging)
        config_file = Path(config.config_file_path)
        self.state_folder = incremental.state_folder(config_file, self.site_dir)
        self.state = incremental.read(self.state_folder,
                                      incremental.code_version(config_file, Path(config.theme.custom_dir)),
                                      self.site_dir)
        # MkDocs counts strict mode's warnings only after on_post_build, when the site is swapped
        # in; and a build that warned leaves no state, so that the next one warns again.
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger(MKDOCS_LOGGER).addHandler(self.warnings)
        return config

    def on_pre_build(self, config: MkDocsConfig):
        problems = linked_folders(Path(config.docs_dir))
        if problems:
            raise PluginError(str(ContentError(problems)))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        cache = self.loaded if self.state is None else self.state.loaded
        bank, problems = load(Path(config.docs_dir), cache=cache, by_content=self.state is not None)
        if problems:
            raise PluginError(str(ContentError(problems)))
        self.rel = relate(bank, self.repo_root)
        if self.staging is not None:
            district_map.topology()  # simplified once, before the fork, for every worker
        # From content/, only the pictures load.tree accepted: no content file, link or other file.
        kept = [f for f in files if not f.src_uri.startswith(UNUSED_ASSETS)
                and (f.src_dir != config.docs_dir or f.src_uri in bank.media)]
        dirty = self.serving and self.dirty
        self.rebuilding = dirty and bool(self.rendered)
        config.theme.static_templates.discard("sitemap.xml")  # publish/sitemap.py writes it, from every page
        digests, marks, self.unchanged = {}, {}, []
        if dirty or self.state is not None:  # a record and its model stand for their content in pages' fingerprints
            for table in (bank.teams, bank.offices):
                for r in table.values():
                    digests[id(r)] = digests[id(r.item)] = r.digest
            for r in bank.ideas.values():  # and an innovation is shown with its offices' names
                offices = {r.item.office, *(rep.office for rep in r.item.replications if rep.office)}
                digests[id(r)] = digests[id(r.item)] = stable_hash(*(str(d) for d in (
                    r.digest, *(bank.offices[o].digest for o in sorted(offices)))))
        self.pages, self.todo, generated, nav = {}, [], [], []
        for builder in BUILDERS:
            for lang_page in expand(builder(self.rel, self.config), LANGUAGES):
                self.pages[lang_page.src_uri] = lang_page
                file = File.generated(config, lang_page.src_uri, content=lang_page.markdown,
                                      inclusion=InclusionLevel.NOT_IN_NAV)
                generated.append(file)
                if lang_page.src_uri in NAV:
                    nav.append(file)  # MkDocs renders it (mkdocs.yml's nav names it)
                    continue
                if dirty:
                    mark = fingerprint(lang_page, digests)
                    if self.rendered.get(lang_page.src_uri) == mark:
                        continue  # unchanged, and still on disk from the previous build
                    self.rendered[lang_page.src_uri] = mark
                elif self.state is not None:
                    marks[lang_page.src_uri] = mark = fingerprint(lang_page, digests)
                    if self.state.pages.get(lang_page.src_uri) == mark and (self.site_dir / file.dest_uri).is_file():
                        self.unchanged.append(file.dest_uri)  # as the last build wrote it
                        continue
                self.todo.append(lang_page)
        if self.state is not None:
            self.state.pages = marks
            if self.unchanged:
                log.info("%d of %d pages changed since the last build; the others are taken from it.",
                         len(self.todo), len(self.todo) + len(self.unchanged))
        self.generated = Files(generated)
        return Files(kept + nav)

    def on_env(self, env, config, files):
        install(env, self, Path(config.theme.custom_dir))
        self.renderer = Renderer(config, env, self.generated, self.rel.bank, self.edit_url)
        if not self.rebuilding:  # share images are drawn on full builds (a quick rebuild shows the page at once)
            self.share_plan = share_images.plan(self.rel, config)
            self.drawing = sum(not path.exists() for _, path, _ in self.share_plan.values())
        if self.staging is not None and self.config.parallel:
            # The workers render while this process publishes the open data.
            self.workers = Workers(self.render_share, os.cpu_count() or 1, config.strict)
        # Open data, written as it is made (held until MkDocs wrote it, it would be hundreds of MB at
        # 10,000 innovations); on a quick rebuild, only the sitemap.
        site = Path(config.site_dir)
        for publish in EVERY_BUILD if self.rebuilding else PUBLISHERS:
            outputs = publish(rel=self.rel, site_url=config.site_url or "/", env=env, config=config,
                              pages=self.pages.values())
            for path, output in outputs.items():  # text, bytes, or a file to copy
                if isinstance(output, Path):
                    copy_file(str(output), str(site / path))
                else:
                    write_file(output.encode("utf-8") if isinstance(output, str) else output, str(site / path))
        return env

    def render_share(self, index: int, count: int) -> None:
        """The index-th of `count` shares of the pages to render, of the downloads and of the
        share images."""
        for lang_page in self.todo[index::count]:
            MARK.lang = lang_page.lang
            self.renderer.render(lang_page)
        MARK.lang = None
        if self.rebuilding:
            return
        config = self.renderer.config
        site = Path(config.site_dir)
        for publish in SHARED:
            for path, output in publish(rel=self.rel, config=config, share=(index, count)).items():
                write_file(output, str(site / path))
        fonts = share_images.Fonts(Path(config.theme.custom_dir))
        for site_path, path, card in list(self.share_plan.values())[index::count]:
            share_images.draw(path, card, fonts)
            share_images.place(path, site / site_path)

    # MkDocs renders only NAV's pages; they get what generator/render.py gives every other page.
    def on_page_markdown(self, markdown, page, config, files):
        if (lang_page := self.pages.get(page.file.src_uri)) is not None:
            page.meta.update(meta(lang_page))
        return markdown

    def on_page_content(self, html, page, config, files):
        if (lang_page := self.pages.get(page.file.src_uri)) is not None:
            return content(lang_page, html, self.rel.bank)
        return html

    def on_page_context(self, values, page, config, nav):
        if (lang_page := self.pages.get(page.file.src_uri)) is not None:
            values.update(context(lang_page, self.edit_url(lang_page)))
        return values

    def _release(self) -> None:
        """Let go of the bank and the pages before Pagefind runs: a build's memory peaks while
        Pagefind indexes, and it needs none of them (the bank is gigabytes at 100,000 innovations)."""
        self.renderer.env.globals.update(bank=None, card_cache={})
        self.rel = self.renderer = self.generated = None
        self.pages, self.todo, self.share_plan, self.state = {}, [], {}, None
        gc.collect()

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
        if self.workers is not None:
            self.warned = self.workers.wait()
            self.workers = None
        else:
            self.render_share(0, 1)
        if not self.rebuilding:
            share_images.report(self.share_plan, self.drawing, config)
        if self.unchanged:
            incremental.link_pages(self.site_dir, site, self.unchanged)
        if self.state is not None and not (self.warned or self.warnings.get_counts()):
            self.pending_state = incremental.write(self.state_folder, self.state)
        if self.staging is not None:
            self._release()
        if self.serving and not self.rebuilding:
            # What the first build leaves (the loaded bank, a million objects) lives as long as the
            # server: out of the garbage collector's sight, so a rebuild's collections do not scan it.
            gc.freeze()
        if self.rebuilding:  # the preview shows the edit at once; search catches up in a moment
            threading.Thread(target=index_site, args=(site, LANGUAGES), daemon=True).start()
        else:  # a shard of the index whose pages are unchanged since the last build is taken from it
            index_site(site, LANGUAGES, cache=None if self.state_folder is None else self.state_folder / "search")
        if self.staging is None:
            return
        if config.strict and (counts := self.warnings.get_counts()):
            raise PluginError(f"Aborted with {', '.join(f'{n} {level.lower()}s' for level, n in counts)} in strict mode.")
        old = self.site_dir.with_name(f".{self.site_dir.name}-previous-{os.getpid()}")
        if self.site_dir.exists():
            self.site_dir.rename(old)
            # Deleting 20,000 old files is nobody's wait: do it in the background.
            subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(old)],
                             start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # or `mkdocs build | tail` waits for it
        self.staging.rename(self.site_dir)
        if self.pending_state is not None and not self.warnings.get_counts():
            incremental.commit(self.pending_state)
        else:  # the last state describes the last site, which is gone: the next build is a full one
            incremental.forget(self.state_folder)
        log.info("Site written to %s", self.site_dir)

    def on_build_error(self, error):
        if self.workers is not None:
            self.workers.stop()
            self.workers = None
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
