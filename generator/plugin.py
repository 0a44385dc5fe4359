"""The MkDocs plugin: loads and validates content once per build, asks each page builder for its
pages (out of the navigation, so a page does not embed 20,000 links), has generator/render.py
render them from their templates outside MkDocs' per-page pipeline (which renders only the home
page that mkdocs.yml's nav names), sanitises contributor HTML, publishes the open data, and
indexes the site for search.

`mkdocs build` loads the bank; one forked process makes the downloads while this one builds the
pages; then it renders in one process per core (generator/parallel.py: this one and forked
workers), each rendering a share of the pages in both languages and drawing a share of the share
images; this process, whose share is the smaller, also publishes the rest of the open data. It
puts the finished site into place only when everything succeeded, strict mode's warnings
included: a failed build leaves the previous site untouched, and a second build of the same site
while one runs stops at once. A build makes only the files whose content changed since the last
build, and keeps the last site's others (generator/incremental.py). `mkdocs serve` renders in one
process; with --dirty (as `make serve` runs it) a rebuild re-renders only the pages an edit
changed."""

from __future__ import annotations

import ctypes
import fcntl
import gc
import logging
import os
import pickle
import shutil
import signal
import tempfile
import threading
from collections import Counter
from functools import partial
from pathlib import Path, PosixPath
from typing import Callable, Iterator

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler, copy_file, write_file
from watchdog.events import (EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED,
                             EVENT_TYPE_MOVED, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from . import carried, incremental, media
from .config import InnobankConfig
from .i18n import LANGUAGES, both
from .load import ContentError, Watched, content_digest, load, stable_hash
from .load.bank import bodies_on_disk
from .load.tree import english_of, linked_folders
from .pages import Digests, LangPage, Page, expand, fingerprint, prefix
from .pages import api, browse, codes, contribute, home, ideas, offices, place, scorecard, showcase, teams
from .pages import map as district_map
from .pages.relations import Kept, Made, Relations, named_offices, relate
from .parallel import MARK, MKDOCS_LOGGER, Workers, share
from .publish import EVERY_BUILD, PUBLISHERS, SHARED, Output, share_images
from .render import Renderer, content, context, meta
from .search import Record, record, searched
from .search import write as write_search
from .serve_error import ShownErrors
from .templating import COMPILED, compile_theme, install, render_cards

log = logging.getLogger("mkdocs.plugins.innobank")

BUILDERS = (home.build, ideas.build, teams.build, teams.build_index, offices.build, offices.build_index,
            showcase.build, browse.build, place.build, place.build_index, api.build, scorecard.build,
            codes.build, contribute.build)
# Material's JavaScript: main.html loads none of it (the bank's search.js is all there is)
UNUSED_ASSETS = ("assets/javascripts/bundle.", "assets/javascripts/lunr/", "assets/javascripts/workers/")
CHANGES = (EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED)  # to a file
NAV = {"index.md"}  # mkdocs.yml's nav: always among a rebuild's files, or MkDocs warns it is missing
SPILL = 2000  # search records a render share holds before it writes them to its report


class InnobankPlugin(BasePlugin[InnobankConfig]):
    def __init__(self):
        self.pages: dict[str, LangPage] = {}
        self.rendered: dict[str, tuple[Page, int]] = {}  # src_uri → the page on disk, its fingerprint (serve --dirty)
        self.rel: Relations | None = None
        self.loaded = {}  # what each content file gave, kept across `mkdocs serve` rebuilds
        self.serving = self.dirty = self.rebuilding = False
        self.generated: Files | None = None  # every generated page's File (MkDocs sees only NAV's)
        self.page_files: dict[str, File] = {}  # src_uri → its File, kept across `mkdocs serve` rebuilds
        self.shown: dict[int, tuple] = {}  # id(Page) → (it, its (src_uri, LangPage, File)s): serve --dirty
        self.mkdocs_files: set[str] = set()  # site paths of the files MkDocs writes itself
        self.todo: list[LangPage] = []  # the pages to render (on a build, the workers keep the unchanged ones)
        self.in_order: list[LangPage] = []  # every page in the builders' order, a kept one by its key and date (sitemap)
        self.kept: dict[str, int] = {}  # site path → key of each page a deploy kept without making it (Kept)
        self.page_inputs: dict = {}  # Relations.again's key → Made, for the next build's state
        self.shares: dict = {}  # what the next build's share plan starts from (share_images.remembered)
        self.renderer: Renderer | None = None
        self.workers: Workers | None = None
        self.downloads: Workers | None = None  # the process making the SHARED publishers' files (_shared_ahead)
        self.reports: Path | None = None  # where the workers leave what they made
        self.share_plan: dict = {}  # slug → (site path, cached PNG, what it shows); share_images.plan
        self.drawing = 0  # how many of them were not in the cache
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.lock = None  # the open lock file: one build of a site at a time
        self.warnings: CountHandler | None = None  # this process's warnings (strict mode reads them before the swap)
        self.warned = False  # a render worker logged a warning
        self.state: incremental.State | None = None  # what the last `mkdocs build` left (not on serve)
        self.previous = incremental.State("")  # the last build's keys, others and search records
        self.state_folder: Path | None = None
        self.digests: Digests | None = None  # what pages and files are made from (builds, serve --dirty)
        self.shared: list[tuple[str, object]] = []  # the files of the SHARED publishers, which the workers make
        self.paths: dict[int, str] = {}  # id(Output) → its site path, for the Outputs made of it
        self.keys: dict[str, int | None] = {}  # site path → key of each file this build made or kept
        self.searched: dict[str, Record | None] = {}  # search records of the searched pages this build rendered
        self.made: Counter = Counter()  # how many pages and other files this build made, not kept
        self.pending_state: Path | None = None
        self.update: incremental.Update | None = None
        self.listed: tuple | None = None  # what the sitemap was last written from (serve --dirty)
        self.content: Path | None = None  # content/: mkdocs.yml's docs_dir (on_config)
        self.no_docs: tempfile.TemporaryDirectory | None = None  # the docs_dir MkDocs lists (on_config)
        self.indexing: list[threading.Thread] = []  # `serve`'s search, indexing after quick rebuilds
        self.search_records: dict[str, Record | None] = {}  # `serve`: each searched page's record, as last rendered
        self.watched: Watched | None = None  # what `mkdocs serve`'s watcher reported changed in content/
        self.watcher = None  # the file watcher of content/ (on_serve): this plugin's own, or MkDocs's
        self.shown_errors: ShownErrors | None = None  # `serve`: the last build's error, shown in the browser

    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        if self.serving:
            _stop_on_terminate()

    def on_config(self, config: MkDocsConfig):
        self.project_dir = Path(config.config_file_path).parent  # docs_dir is under it, as written
        self.repo_root = self.project_dir.resolve()
        # MkDocs lists docs_dir and makes a File of each of its files (a second of CPU at 10,000
        # innovations, on every `serve` rebuild), all of which the plugin would drop but the
        # pictures: it reads content/ itself, and gives MkDocs an empty folder to list.
        self.content = Path(config.docs_dir)
        if self.watched is None or self.watched.root != os.path.abspath(self.content):
            self.watched = Watched(self.content)
        if self.no_docs is None:
            self.no_docs = tempfile.TemporaryDirectory(prefix="innobank-no-docs-")
        config.docs_dir = self.no_docs.name
        config.theme.get_env = _without_hidden_templates(config.theme.get_env)
        carried_in = not self.rendered and self._remove_carried(Path(config.site_dir))  # once a `serve`
        if self.serving:
            return config
        # Build into a staging folder; on_post_build puts it into place (atomic builds).
        self.site_dir = Path(config.site_dir)
        self.lock = _lock(self.site_dir)
        self.staging = _staging(self.site_dir)
        config.site_dir = str(self.staging)
        config_file = Path(config.config_file_path)
        self.state_folder = incremental.state_folder(config_file, self.site_dir)
        if carried_in:  # the previous site may have lost files the state says it has
            incremental.forget(self.state_folder)
        self.state = incremental.read(self.state_folder,
                                      incremental.code_version(config_file, Path(config.theme.custom_dir)),
                                      self.site_dir)
        self.previous = incremental.State(self.state.version, outputs=self.state.outputs, others=self.state.others,
                                          search=self.state.search, pages=self.state.pages, shares=self.state.shares)
        COMPILED.compiled.update(self.state.templates)  # before the fork: no process compiles them again
        _out_of_sight()
        for leftover in incremental.working_folders(self.site_dir):  # of a build that was killed
            incremental.discard(leftover)
        # MkDocs counts strict mode's warnings only after on_post_build, when the site is swapped
        # in; and a build that warned leaves no state, so that the next one warns again.
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger(MKDOCS_LOGGER).addHandler(self.warnings)
        return config

    def _remove_carried(self, site_dir: Path) -> bool:
        """Remove what a commit put in .cache/, the site folder or beside it (generator/carried.py)."""
        kept = (self.project_dir / ".cache", site_dir, _staging(site_dir), _lock_path(site_dir),
                *incremental.working_folders(site_dir))
        found = carried.tracked(self.project_dir, kept)
        if found is None:  # a checkout git cannot list: nothing a build keeps there is trusted
            log.warning(both("build.unlisted", site=site_dir.name))
        elif found:
            log.warning(both("build.carried", count=len(found), site=site_dir.name, files=", ".join(map(repr, found[:3]))))
        else:
            return False
        # Each place whole, not the carried files alone: a folder they leave behind (a search
        # bundle's, say) would be taken for one the build made.
        carried.remove(self.project_dir,
                       [os.path.relpath(f, self.project_dir) for f in kept if f.is_relative_to(self.project_dir)])
        return True

    def on_pre_build(self, config: MkDocsConfig):
        problems = linked_folders(self.content)
        if problems:
            raise PluginError(str(ContentError(problems)))

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Watch content/ (no longer docs_dir), and note which of its files change, so that a
        rebuild reads only those again (load.Watched). Where the system reports changes itself
        (inotify, FSEvents: watchdog's Observer), a change to content/ starts the rebuild at once:
        MkDocs polls what it watches every 0.5 s, so at 10,000 innovations a rebuild began 0.4–0.6 s
        after the edit, and walking content/'s 12,000 files twice a second took a quarter of a CPU.
        Otherwise, or with a server this plugin cannot ask for a rebuild, MkDocs's own polling."""
        content, rebuild = os.path.abspath(self.content), _rebuild(server)
        if rebuild is not None and Observer is not PollingObserver:
            observer = Observer()
            observer.schedule(_Noted(self.watched, rebuild), content, recursive=True)
            try:
                observer.start()
            except OSError as error:  # no more inotify watches, say
                log.info("Polling %s for changes: the system's file events are not available (%s).", content, error)
            else:
                self.watcher = observer
                log.info("Watching %s for changes", content)
        if self.watcher is None:
            server.watch(content)
            self.watcher = server.observer
            self.watcher.schedule(_Noted(self.watched), content, recursive=True)
        self.watched.watching()
        if callable(getattr(server, "get_app", None)) and callable(getattr(server, "set_app", None)):
            self.shown_errors = ShownErrors(server)
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        cache = self.loaded if self.state is None else self.state.loaded
        if self.watcher is not None and not _dispatched(self.watcher.event_queue):
            self.watched.unsure()
        bank, problems = load(self.content, cache=cache, by_content=self.state is not None,
                              watched=self.watched if self.serving else None,
                              lean=self.staging is not None and self.config.parallel)
        if self.staging is not None:
            _out_of_sight()
        if problems:
            raise PluginError(str(ContentError(problems)))
        dirty = self.serving and self.dirty
        self.rel = relate(bank, self.repo_root, self.rel if dirty and self.rendered else None, carry=dirty)
        if self.staging is not None:  # simplified once, before the fork, for every worker; or the last build's
            self.state.topology = district_map.topology(self.state.topology)
        # From content/, only the pictures load.tree accepted (no content file, link or other file),
        # without their metadata (generator/media.py)
        kept = [f for f in files if not f.src_uri.startswith(UNUSED_ASSETS)]
        try:
            kept += media.files(bank, config)
        except ContentError as error:  # a picture whose body is broken, or changed since it was listed
            raise PluginError(str(error)) from None
        self.rebuilding = dirty and bool(self.rendered)
        config.theme.static_templates.discard("sitemap.xml")  # publish/sitemap.py writes it, from every page
        # A quick rebuild takes the last one's digests of the values it shows again (pages.Digests)
        previous, self.digests = self.digests if self.rebuilding else None, None
        if dirty or self.state is not None:
            self.digests = Digests({Output: lambda output: self.digests.of(output.args),
                                    PosixPath: _file_digests(cache)}, previous)
            # A record and its model stand for their content; an innovation is shown with its offices' names
            for table in (bank.teams, bank.offices):
                for r in table.values():
                    self.digests.seed(r, r.digest)
                    self.digests.seed(r.item, r.digest)
            # ...its seed the last rebuild's when it is the same record, showing the same offices (`relate`)
            last, stale = previous.known if previous is not None else {}, self.rel.stale
            for r in bank.ideas.values():
                seeded = last.get(id(r))
                if seeded is not None and seeded[0] is r and id(r) not in stale:
                    digest = seeded[1]
                else:
                    digest = stable_hash(*(str(d) for d in (r.digest, *(bank.offices[o].digest
                                                                        for o in named_offices(r.item)))))
                self.digests.seed(r, digest)
                self.digests.seed(r.item, digest)
        self.reports = self.downloads = None
        if self.staging is not None and self.config.parallel and (os.cpu_count() or 1) > 1:
            self._shared_ahead(config)
        if not self.rebuilding:  # share images are drawn on full builds (a quick rebuild shows the page at once)
            self._plan_share_images(config)
            self._keep_unchanged()
        self.pages, self.todo, self.in_order, self.kept, generated, nav = {}, [], [], {}, [], []
        # A quick rebuild takes the last one's File of each page it has again (making 30,000 took about
        # a second of CPU); MkDocs renders NAV's, and gets them new. A page a builder gave back as it
        # was (Relations.again) is taken with its last LangPages and Files, and is not rendered.
        kept_files, self.page_files = (self.page_files if self.rebuilding else {}), {}
        shown, self.shown = (self.shown if self.rebuilding else {}), {}
        for builder in BUILDERS:
            for page in builder(self.rel, self.config):
                if isinstance(page, Kept):
                    self._keep(page)
                elif not self._shown_again(page, shown.get(id(page)), generated):
                    lang_pages = list(expand((page,), LANGUAGES))
                    self.in_order += lang_pages
                    added = [self._add(lang_page, config, kept_files, generated, nav) for lang_page in lang_pages]
                    if dirty:
                        self.shown[id(page)] = page, added
        self.generated = Files(generated)
        if self.staging is not None and self.config.parallel and not self.previous.outputs:
            # a full build's workers read the bodies of their own share's pages from the files
            # (load.bank.OnDisk); a deploy renders few pages, and its memory has no target
            swapped = bodies_on_disk(bank)
            for lang_page in self.todo:
                lang_page.page.body = swapped.get(id(lang_page.page.body), lang_page.page.body)
        self.mkdocs_files = {f.dest_uri for f in kept + nav} | set(config.theme.static_templates)
        return Files(kept + nav)

    def _shown_again(self, page: Page, last: tuple | None, generated: list) -> bool:
        """Whether `page` is the very page the last quick rebuild made and rendered (Relations.again
        gave it back): then its LangPages and Files are the last ones, and it is not rendered again."""
        if last is None or last[0] is not page:
            return False
        for uri, _, _ in last[1]:
            if self.rendered.get(uri, (None,))[0] is not page:
                return False
        for uri, lang_page, file in last[1]:
            self.pages[uri] = lang_page
            self.page_files[uri] = file
            self.in_order.append(lang_page)
            generated.append(file)
        self.shown[id(page)] = last
        return True

    def _add(self, lang_page: LangPage, config, kept_files: dict, generated: list, nav: list) -> tuple[str, LangPage, File]:
        uri = lang_page.src_uri
        self.pages[uri] = lang_page
        file = kept_files.get(uri)
        if file is None:
            # only MkDocs reads a File's Markdown, of NAV's pages: the others' would hold every body
            file = File.generated(config, uri, content=lang_page.markdown if uri in NAV else "",
                                  inclusion=InclusionLevel.NOT_IN_NAV)
        else:
            file.content_string = lang_page.markdown if uri in NAV else ""
        generated.append(file)
        if uri in NAV:
            nav.append(file)  # MkDocs renders it (mkdocs.yml's nav names it)
        else:
            self.page_files[uri] = file
            self.todo.append(lang_page)
        return uri, lang_page, file

    def _shared_ahead(self, config) -> None:
        """The SHARED publishers' files (each office's and the whole bank's downloads, made from the
        bank alone), made in a process forked as soon as the bank is loaded and related, while this
        one builds the pages and the cards on one core: the render workers, forked after that, dealt
        them out among their pages, and the other core was idle until then (at 10,000 innovations
        some 5 s of CPU before the fork, 7 s in the downloads)."""
        self.state_folder.mkdir(parents=True, exist_ok=True)
        self.reports = Path(tempfile.mkdtemp(prefix=".workers-", dir=self.state_folder))
        settings = {"rel": self.rel, "site_url": config.site_url or "/", "config": config,
                    "bulk_cache": self.state_folder / "bulk"}
        self.shared = [item for publish in SHARED for item in publish(**settings).items()]
        self.downloads = Workers(partial(self._shared_and_report, Path(config.site_dir)), 2, config.strict)

    def _shared_and_report(self, site: Path, index: int, count: int) -> None:
        """The forked share of _shared_ahead's Workers (the 1st) makes every file; the 0th is never run."""
        keys, made = {}, Counter()
        for path, output in self.shared:
            keys[path], was_made = self._publish(path, output, site)
            made["files"] += was_made
        report = {"keys": keys, "searched": {}, "made": made, "templates": {}}
        (self.reports / "shared.pickle").write_bytes(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))

    def _plan_share_images(self, config) -> None:
        """The share images this build publishes; a deploy makes the cards only of the innovations
        whose digest changed."""
        digest = self.digests.of if self.digests is not None else None
        last = self.previous.shares if self.previous.outputs else None
        self.share_plan = share_images.plan(self.rel, config, last=last, digest=digest)
        # a kept image is in the cache (plan made no card for it): only the others are looked for
        self.drawing = sum(card is not None and not path.exists() for _, path, card in self.share_plan.values())
        if self.state is not None:
            self.shares = share_images.remembered(self.share_plan, self.rel.bank, digest)

    def _keep_unchanged(self) -> None:
        """A deploy keeps, from here on, the pages whose inputs did not change (Relations.again),
        and makes again the page of each innovation whose share image changed (one drawn since, say)."""
        if self.state is None or not self.previous.outputs:
            return
        outputs, last = self.previous.outputs, self.previous.shares
        self.rel.last = {key: made for key, made in self.previous.pages.items()
                         if all(path in outputs for _, _, paths in made.pages for path in paths)}
        self.rel.digest = self.digests.of
        self.rel.remake = {("ideas", slug) for slug, (_, names) in self.shares.items()
                           if slug in last and last[slug][1] != names}

    def _keep(self, kept: Kept) -> None:
        """A page (or listing) whose inputs did not change: its files stay the last site's, it has
        no File (a body's links to the bank's pages are written by pages/body_links.py, not looked
        up among MkDocs' Files), and the sitemap lists it."""
        for key, updated, paths in kept.made.pages:
            stand_in = Page(key, "", "", data={"updated": updated})
            for lang, path in zip(LANGUAGES, paths):
                self.kept[path] = self.previous.outputs[path]
                self.in_order.append(LangPage(stand_in, lang))

    def _page_inputs(self) -> dict:
        """Each page or listing made through Relations.again, as the next build's state keeps it:
        the digest of its inputs and where its pages are."""
        found = {}
        for key, (inputs, value) in self.rel.made.items():
            pages = value if isinstance(value, list) else [value]
            if pages and isinstance(pages[0], Kept):
                found[key] = pages[0].made
            elif pages and all(isinstance(page, Page) for page in pages):
                found[key] = Made(self.digests.of(inputs), isinstance(value, list), tuple(
                    (page.key, page.data.get("updated"),
                     tuple(self.page_files[prefix(lang) + page.key + ".md"].dest_uri for lang in LANGUAGES))
                    for page in pages))
        return found

    def on_env(self, env, config, files):
        install(env, self, Path(config.theme.custom_dir))
        self.renderer = Renderer(config, env, self.generated, self.rel.bank, self.edit_url)
        redated = False  # a page made anew shows another date than the one it replaces (the sitemap's)
        if self.serving and self.dirty:  # only the pages whose fingerprint changed since the last (re)build
            todo = []
            for lang_page in self.todo:  # a page made from the same objects is not among them (_shown_again)
                last = self.rendered.get(lang_page.src_uri)
                mark = self._fingerprint(lang_page)
                self.rendered[lang_page.src_uri] = lang_page.page, mark
                if last is None or last[1] != mark:
                    todo.append(lang_page)
                    redated = redated or last is not None and last[0].data.get("updated") != lang_page.page.data.get("updated")
            self.todo = todo
            self.digests.previous = {}  # the last rebuild's values, let go
        # Open data, made as it is published (held until MkDocs wrote it, it would be hundreds of MB
        # at 10,000 innovations), and on a quick rebuild, only the sitemap.
        settings = {"rel": self.rel, "site_url": config.site_url or "/", "env": env, "config": config,
                    "pages": self.in_order, "bulk_cache": self.state_folder and self.state_folder / "bulk"}
        if self.rebuilding or self.downloads is not None:  # made already, or not at all
            self.shared = []
        else:
            self.shared = [item for publish in SHARED for item in publish(**settings).items()]
        if self.staging is not None and self.config.parallel:  # this process renders a share too, then publishes
            if self.reports is None:
                self.state_folder.mkdir(parents=True, exist_ok=True)
                self.reports = Path(tempfile.mkdtemp(prefix=".workers-", dir=self.state_folder))
            self._lighten()
            self.workers = Workers(self._work_and_report, os.cpu_count() or 1, config.strict)
            self.workers.run_here()
        site = Path(config.site_dir)
        self.keys, self.searched, self.made = {}, {}, Counter()
        # The sitemap lists each page's address and date: a quick rebuild writes it again only when
        # a page came, went or moved, or one made anew changed its date (1 s of CPU at 10,000
        # innovations); a page shown again is the last one, and the addresses are compared, not
        # every page's date (70 ms a rebuild at 2,000 innovations).
        listed, self.listed = self.listed, (tuple(self.pages), tuple(self.pages[uri].page.data.get("updated")
                                                                     for uri in NAV if uri in self.pages))
        publishers = PUBLISHERS if not self.rebuilding else EVERY_BUILD if listed != self.listed or redated else ()
        try:
            for publish in publishers:
                for path, output in publish(**settings).items():
                    self.keys[path], made = self._publish(path, output, site)
                    self.made["files"] += made
        except ContentError as error:  # a file whose body is read again changed meanwhile (load.bank.OnDisk)
            raise PluginError(str(error)) from None
        if self.state is not None:  # after the fork, while the workers render: no page needs it (a tenth
            self.page_inputs = self._page_inputs()  # of the work before the fork, which one core did alone)
        return env

    def _fingerprint(self, lang_page: LangPage) -> int:
        """The page's fingerprint, with its share image (a template global) for an innovation's page."""
        record = lang_page.page.data.get("record")
        shown = self.share_plan.get(record.slug) if lang_page.page.key.startswith("ideas/") else None
        return fingerprint(lang_page, self.digests, shown and shown[0])

    def _unchanged(self, path: str, key: int | None) -> bool:
        """Whether the last site has this file as this build would make it."""
        return key is not None and self.previous.outputs.get(path) == key

    def _publish(self, path: str, output, site: Path) -> tuple[int | None, bool]:
        """One published file: kept from the last site when it is made from what the last one's
        was made from, else made into `site`. Its key, and whether it was made."""
        if isinstance(output, Output):
            self.paths[id(output)] = path
        key = None if self.state is None else self.digests.of(output)
        if self._unchanged(path, key):
            return key, False
        if isinstance(output, Output):
            output = output.content(self._piece)
        if isinstance(output, Path):
            copy_file(str(output), str(site / path))
        else:
            write_file(output.encode("utf-8") if isinstance(output, str) else output, str(site / path))
        return key, True

    def _piece(self, output: Output) -> bytes:
        """The bytes of a file published before: made by this build, or kept from the last site.
        Plain strings, not Paths: a deploy's bulk part reads back thousands of documents."""
        path = self.paths[id(output)]
        try:
            with open(os.path.join(self.renderer.config.site_dir, path), "rb") as made:
                return made.read()
        except FileNotFoundError:
            if self.site_dir is None:
                raise
        with open(os.path.join(self.site_dir, path), "rb") as kept:
            return kept.read()

    def _work(self, index: int, count: int, spill: Callable[[dict], None] | None = None) -> dict:
        """The index-th of `count` shares of the pages, of the SHARED publishers' files (unless a
        process made them ahead: _shared_ahead) and of the share images, each made into the site
        unless the last site has it as this build would make it. What it made or kept, for the next
        build's state. `spill` is given the search records every SPILL pages, which the share then
        lets go: at 100,000 innovations they were 350 MB in each process at the end of its share."""
        site = Path(self.renderer.config.site_dir)
        keys, records, made = {}, {}, Counter()
        for lang_page in self._share(index, count):
            path = self.generated.src_uris[lang_page.src_uri].dest_uri
            keys[path] = key = None if self.state is None else self._fingerprint(lang_page)
            if self._unchanged(path, key):
                continue
            MARK.lang = lang_page.lang
            html = self.renderer.render(lang_page)
            made["pages"] += 1
            if searched(path, LANGUAGES):
                records[path] = record(html)
                if spill is not None and len(records) == SPILL:
                    spill(records)
                    records = {}
        MARK.lang = None
        if not self.rebuilding:
            for path, output in self.shared[index::count]:
                keys[path], was_made = self._publish(path, output, site)
                made["files"] += was_made
            fonts = share_images.Fonts(Path(self.renderer.config.theme.custom_dir))
            for site_path, path, card in list(self.share_plan.values())[index::count]:
                keys[site_path] = key = stable_hash(site_path)  # its name is a digest of what it shows
                if not self._unchanged(site_path, key):
                    share_images.draw(path, card, fonts)
                    share_images.place(path, site / site_path)
        return {"keys": keys, "searched": records, "made": made, "templates": COMPILED.compiled}

    def _share(self, index: int, count: int) -> Iterator[LangPage]:
        """The index-th of `count` shares of the pages to render (parallel.share): both languages of
        a page in the same share, so that what they show (one dict) is digested once, not once in
        each worker."""
        return share(self.todo, index, count, key=lambda lang_page: id(lang_page.page))

    def _work_and_report(self, index: int, count: int) -> None:
        """_work in one of the Workers' shares, its report left for on_post_build."""
        with (self.reports / f"{index}.pickle").open("wb") as stream:
            def dump(part: dict) -> None:
                pickle.dump(part, stream, protocol=pickle.HIGHEST_PROTOCOL)
            dump(self._work(index, count, spill=dump))

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

    def _lighten(self) -> None:
        """Before the render workers are forked, what each would copy (on write) of this process's
        memory: on a full build, the cards, rendered here once instead of in every worker from
        every record (the files' sources went as each record was made: load's `lean`), and the
        compiled templates."""
        if not self.previous.outputs:  # a deploy's workers render only what its changed pages show
            render_cards(self.renderer.env, self.rel.bank.ideas.values(), LANGUAGES)
            compile_theme(self.renderer.env, Path(self.renderer.config.theme.custom_dir))
        _trim()

    def _release(self) -> None:
        """Let go of the bank and the pages before the site is put in place and indexed for search,
        which need none of them (the bank is gigabytes at 100,000 innovations). A deploy does not
        wait for the collector to look for cycles among millions of objects (seconds at 10,000
        innovations): they stay frozen, as the Workers left them, or its first full collection,
        which then comes soon, scans them all."""
        self.renderer.env.globals.update(bank=None, card_cache={})
        self.rel = self.renderer = self.generated = self.digests = None
        self.pages, self.todo, self.share_plan, self.state, self.shared, self.paths = {}, [], {}, None, [], {}
        self.in_order, self.page_inputs, self.shares = [], {}, {}
        if not self.previous.outputs:
            gc.unfreeze()
            gc.collect()
            _trim()

    def edit_url(self, lang_page: LangPage) -> str | None:
        source = lang_page.page.source
        if source is None or not self.config.repository:
            return None
        if lang_page.lang == "en" and "en" in lang_page.page.body:  # asked, not read (load.bank.OnDisk)
            source = english_of(source)
        # a file under the project's folder is named by the rest of its path; relpath took 20 µs a page
        path, folder = os.fspath(source), f"{self.project_dir}{os.sep}"
        relative = path[len(folder):] if path.startswith(folder) else os.path.relpath(path, self.project_dir)
        return f"{self.config.repository.rstrip('/')}/edit/{self.config.branch}/{relative.replace(os.sep, '/')}"

    def on_post_build(self, config):
        site = Path(config.site_dir)
        if self.workers is not None:
            self.warned = self.workers.wait()
            self.workers = None
            if self.downloads is not None:
                self.warned = self.downloads.wait() or self.warned
                self.downloads = None
            reports = [_read_report(path) for path in sorted(self.reports.glob("*.pickle"))]
            incremental.discard(self.reports)
        else:
            reports = [self._work(0, 1)]
        self.keys.update(self.kept)
        for report in reports:
            self.keys.update(report["keys"])
            self.searched.update(report["searched"])
            self.made.update(report["made"])
            COMPILED.compiled.update(report["templates"])  # those a worker compiled, for the next build
        if not self.rebuilding:
            share_images.report(self.share_plan, self.drawing, config)
        if self.previous.outputs:
            pages = len(self.todo) + len(self.kept)
            log.info("%d of %d pages changed since the last build; the others are taken from it (%d pages kept by "
                     "their inputs, neither made nor compared).", self.made["pages"], pages, len(self.kept))
            log.info("%d of %d other files made from content changed.", self.made["files"], len(self.keys) - pages)
        if self.state is not None and not (self.warned or self.warnings.get_counts()):
            self.state.outputs, self.state.others, self.state.search = self.keys, self.mkdocs_files, {}
            self.state.pages, self.state.shares, self.state.templates = self.page_inputs, self.shares, COMPILED.compiled
            self.pending_state = incremental.write(self.state_folder, self.state)
        if self.staging is not None:
            self._release()
        if self.serving and not self.rebuilding:
            # What the first build leaves (the loaded bank, a million objects) lives as long as the
            # server: out of the garbage collector's sight, so a rebuild's collections do not scan it.
            gc.freeze()
        if self.serving:
            if self.shown_errors is not None:
                self.shown_errors.built()
            self._index_preview(site)
        else:
            self._put_in_place(config)

    def _index_preview(self, site: Path) -> None:
        """`mkdocs serve`'s search, from the records of the pages this server rendered (never a stale
        page the site folder still holds). After a quick rebuild it is written in the background:
        the preview shows the edit at once, and search catches up in a moment."""
        listed = {file.dest_uri for file in self.generated}
        self.search_records = {page: found for page, found in (self.search_records | self.searched).items()
                               if page in listed}
        index = partial(_write_search, site, dict(self.search_records))
        if self.rebuilding:
            self.indexing = [thread for thread in self.indexing if thread.is_alive()]
            earlier = self.indexing[-1] if self.indexing else None
            self.indexing.append(threading.Thread(target=_after, args=(earlier, index), daemon=True))
            self.indexing[-1].start()
        else:
            index()

    def _put_in_place(self, config) -> None:
        """The new site into site_dir, with its search index: the previous site changed into it
        when this build kept files of it, else the staging folder swapped in."""
        self._strict(config)
        listed = self.keys.keys() | self.mkdocs_files
        if self.previous.outputs:
            removed = (self.previous.outputs.keys() | self.previous.others) - listed
            self.update = incremental.Update(self.site_dir, self.staging, removed)
            site = self.update.apply()
        else:
            site = self.staging
        # a searched page kept from the last site, not made again, has the record it had
        records = {page: found for page, found in self.previous.search.items()
                   if page in self.keys and self.keys[page] == self.previous.outputs.get(page)}
        records.update(self.searched)
        _write_search(site, records)
        self._strict(config)
        if self.update is not None:
            self.update.finish()
            self.update = None
            shutil.rmtree(self.staging, ignore_errors=True)
        else:
            incremental.discard(self.site_dir)
            self.staging.rename(self.site_dir)
        if self.pending_state is not None and not self.warnings.get_counts():
            incremental.add_search(self.pending_state, records)
            incremental.commit(self.pending_state)
        else:  # the last state describes the last site, which is gone: the next build is a full one
            incremental.forget(self.state_folder)
        log.info("Site written to %s", self.site_dir)

    def _strict(self, config) -> None:
        if config.strict and (counts := self.warnings.get_counts()):
            raise PluginError(f"Aborted with {', '.join(f'{n} {level.lower()}s' for level, n in counts)} in strict mode.")

    def on_build_error(self, error):
        if self.shown_errors is not None:
            self.shown_errors.failed(error)
        for lang_page in self.todo:  # perhaps not written: a quick rebuild after it makes them again
            self.rendered.pop(lang_page.src_uri, None)
        for workers in (self.workers, self.downloads):
            if workers is not None:
                workers.stop()
        self.workers = self.downloads = None
        if self.update is not None:
            self.update.undo()
            self.update = None
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            log.error("The build failed; the previous site in %s is unchanged.", self.site_dir)

    def on_shutdown(self):
        """The end of the process: what it made is let go with it, not looked through for cycles first
        (the interpreter's collections at exit took the last 1.7 s of a deploy at 10,000 innovations)."""
        gc.freeze()
        if self.watcher is not None and not isinstance(self.watcher, PollingObserver):  # this plugin's own
            self.watcher.stop()
        if self.warnings is not None:
            logging.getLogger(MKDOCS_LOGGER).removeHandler(self.warnings)
        for thread in self.indexing:  # or it would write into the folders removed below
            thread.join()
        self.indexing = []
        if self.no_docs is not None:
            self.no_docs.cleanup()
        self.no_docs = None


def _after(earlier: threading.Thread | None, then: Callable[[], None]) -> None:
    """`then`, once the earlier thread is done: the index of the last edit is written last."""
    if earlier is not None:
        earlier.join()
    then()


def _read_report(path: Path) -> dict:
    """A share's report: its last pickle, after the search records it spilled as it went."""
    parts = []
    with path.open("rb") as stream:
        while True:
            try:
                parts.append(pickle.load(stream))
            except EOFError:
                break
    *spilled, report = parts
    report["searched"] = {page: found for part in (*spilled, report["searched"]) for page, found in part.items()}
    return report


def _write_search(site: Path, records: dict[str, Record | None]) -> None:
    write_search(site, {page: found for page, found in records.items() if found is not None}, LANGUAGES)


def _stop_on_terminate() -> None:
    """`mkdocs serve` stopped by SIGTERM (a service manager, `docker stop`, `kill`) shuts down as after
    Ctrl-C: MkDocs then removes its temporary site and this plugin its temporary folders, which a
    plain SIGTERM left in /tmp (a whole site each). A process forked from it (the loader's workers)
    just ends: the server cleans up."""
    owner = os.getpid()

    def interrupt(signum, frame):
        if os.getpid() != owner:
            os._exit(128 + signum)
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def _out_of_sight() -> None:
    """The objects made so far out of the garbage collector's sight until _release unfreezes them.
    The build state and the loaded bank, millions of objects made while the collector is paused
    (load.no_collection), live until then; left in the youngest generation, the next collections
    would scan them all, twice (3 s of CPU at 10,000 innovations)."""
    gc.freeze()


def _without_hidden_templates(get_env: Callable[[], Environment]) -> Callable[[], Environment]:
    """The theme's Jinja environment, whose list of templates leaves out hidden folders and files.
    MkDocs lists every file of the theme's folders for the static files it copies, then drops each
    under a hidden name: 14,356 of Material's 14,516 files are its icons, in `.icons/`, which
    templates include by name (unaffected) and no build copies. Walking and dropping them was
    0.1–0.2 s of CPU on every build and every `serve` rebuild, whatever the bank's size."""

    def theme_env() -> Environment:
        env = get_env()
        env.loader = _VisibleTemplates(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        return env
    return theme_env


class _VisibleTemplates(FileSystemLoader):
    """Jinja's loader of the theme's folders, listing no hidden folder or file (which MkDocs'
    static files leave out: Files.add_files_from_theme's patterns '.*' and '*/.*')."""

    def list_templates(self) -> list[str]:
        found = set()
        for root in self.searchpath:
            for folder, folders, names in os.walk(root, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                under = os.path.relpath(folder, root).replace(os.sep, "/")
                found.update(name if under == "." else f"{under}/{name}" for name in names if not name.startswith("."))
        return sorted(found)


def _file_digests(cache: dict) -> Callable[[Path], int]:
    """A content file's digest, from load()'s cache when it holds one of the file's bytes (a
    build's does: it compared every file by its bytes), else from the file (content_digest, the same):
    sources.py bundles content files into the site, and a bundle whose files' bytes are unchanged
    is neither read nor made. The cache is looked through when the first digest is asked for (a
    `serve` rebuild asks none). A stamp by content holds (digest, size) for each file; one by
    the file's state, its times: no digest. Reading every file again instead was 12,000 reads at
    10,000 innovations on every deploy."""
    known: dict[Path, bytes] | None = None

    def digest(path: Path) -> int:
        nonlocal known
        if known is None:
            known = {}
            for source, loaded in cache.items():
                stamp = getattr(loaded, "stamp", None) or ()
                for file, of_bytes in zip((source, english_of(source)), stamp[1:3]):
                    if isinstance(of_bytes, tuple) and of_bytes and isinstance(of_bytes[0], bytes):
                        known[file] = of_bytes[0]
        return int.from_bytes(known.get(path) or content_digest(path), "big")
    return digest


class _Noted(FileSystemEventHandler):
    """Tells load.Watched what the watcher found changed under content/, and asks for the rebuild
    when it watches for this plugin alone. A folder whose entries changed is not reported: the
    change is the entry's own (a file came or went); nor is a file opened or read."""

    def __init__(self, watched: Watched, rebuild: Callable[[], None] | None = None):
        self.watched, self.rebuild = watched, rebuild

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES or event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.watched.changed(os.fsdecode(path), folder=event.is_directory)
        if self.rebuild is not None:
            self.rebuild()


def _rebuild(server) -> Callable[[], None] | None:
    """How to ask MkDocs's server for a rebuild, as its own watch does (LiveReloadServer.watch in
    MkDocs 1.6), or None when the server has no such thing."""
    wanted = getattr(server, "_rebuild_cond", None)
    if not isinstance(wanted, threading.Condition) or not isinstance(getattr(server, "_want_rebuild", None), bool):
        return None

    def rebuild() -> None:
        with wanted:
            server._want_rebuild = True
            wanted.notify_all()
    return rebuild


def _dispatched(events, limit: float = 5.0) -> bool:
    """Whether the watcher gave every change it found so far to every handler: MkDocs's starts a
    rebuild, and may have been given one before _Noted was (its queue, `events`, counts a change
    done when every handler had it). False when that took longer than `limit` seconds."""
    with events.all_tasks_done:
        return events.all_tasks_done.wait_for(lambda: not events.unfinished_tasks, timeout=limit)


def _staging(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-building")


def _lock_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.lock")


def _lock(site_dir: Path):
    """Hold the site's lock for the rest of the build, or stop at once: two builds into the same
    staging folders would publish a mixture of both (or half of one)."""
    path = _lock_path(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — held open until the process ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "?"
        lock.close()
        pid = int(holder) if holder.isascii() and holder.isdigit() else holder  # a number: Bengali digits in Bengali
        raise PluginError(both("build.busy", site=str(site_dir), pid=pid)) from None
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    return lock


def _trim() -> None:
    """Give the memory just freed back to the system (glibc keeps freed heap pages for the process
    otherwise), so the processes forked next do not count it on top of their own."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)
