"""The MkDocs plugin: loads and validates content once per build, asks each page builder for its
pages, adds them as generated files (out of the navigation, so a page does not embed 20,000
links), hands each template its data, sanitises contributor HTML, and swaps the finished site
into place only when the whole build succeeded."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import InnobankConfig
from .load import ContentError, load
from .load.problems import format_human
from .pages import LangPage, expand, url_of
from .pages import api, browse, home, ideas, offices, place, showcase, teams
from .pages.relations import relate
from .publish import PUBLISHERS
from .sanitise import sanitise
from .search import index_site
from .templating import install

log = logging.getLogger("mkdocs.plugins.innobank")

BUILDERS = (home.build, ideas.build, teams.build, teams.build_index, offices.build, offices.build_index,
            showcase.build, browse.build, place.build, place.build_index, api.build)
CONTENT_FOLDERS = ("ideas/", "teams/", "offices/")


class InnobankPlugin(BasePlugin[InnobankConfig]):
    def __init__(self):
        self.pages: dict[str, LangPage] = {}
        self.serving = False
        self.site_dir: Path | None = None
        self.staging: Path | None = None

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig):
        self.repo_root = Path(config.config_file_path).resolve().parent
        if not self.serving:
            # Build into a staging folder; on_post_build moves it into place (atomic builds).
            self.site_dir = Path(config.site_dir)
            self.staging = self.site_dir.with_name(f".{self.site_dir.name}-building")
            config.site_dir = str(self.staging)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        bank, problems = load(Path(config.docs_dir))
        if problems:
            raise PluginError(str(ContentError(problems)))
        self.rel = relate(bank, self.repo_root)
        kept = [f for f in files if not f.src_uri.startswith(CONTENT_FOLDERS)]
        self.pages = {}
        generated = []
        for builder in BUILDERS:
            for lang_page in expand(builder(self.rel, self.config)):
                self.pages[lang_page.src_uri] = lang_page
                generated.append(File.generated(config, lang_page.src_uri, content=lang_page.markdown,
                                                inclusion=InclusionLevel.NOT_IN_NAV))
        return Files(kept + generated)

    def on_env(self, env, config, files):
        install(env, self)
        for publish in PUBLISHERS:
            outputs = publish(rel=self.rel, site_url=config.site_url or "/", env=env, config=config)
            for path, content in outputs.items():
                files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED))
        return env

    def on_page_markdown(self, markdown, page, config, files):
        lang_page = self.pages.get(page.file.src_uri)
        if lang_page is None:
            return markdown
        # Material prints title and description unescaped: give it escaped text.
        page.meta.update(template=lang_page.page.template, lang=lang_page.lang, hide=["navigation", "toc"],
                         updated=lang_page.page.data.get("updated"),
                         title=str(escape(lang_page.title)), description=str(escape(lang_page.description)))
        if not lang_page.page.search:
            page.meta["search"] = {"exclude": True}
        return markdown

    def on_page_content(self, html, page, config, files):
        return sanitise(html) if page.file.src_uri in self.pages else html

    def on_page_context(self, context, page, config, nav):
        lang_page = self.pages.get(page.file.src_uri)
        if lang_page is not None:
            context.update(lang_page.page.data, page_lang=lang_page.lang, fallback=lang_page.fallback,
                           twin=url_of(lang_page.page.key, "en" if lang_page.lang == "bn" else "bn"),
                           page_key=lang_page.page.key, edit_url=self.edit_url(lang_page, config),
                           searchable=lang_page.page.search)
        return context

    def edit_url(self, lang_page: LangPage, config) -> str | None:
        source = lang_page.page.source
        repository = self.config.repository
        if source is None or not repository:
            return None
        if lang_page.lang == "en" and lang_page.page.body.get("en") is not None:
            source = source.with_name(source.name[: -len(".md")] + ".en.md")
        relative = Path(source).resolve().relative_to(self.repo_root).as_posix()
        return f"{repository.rstrip('/')}/edit/{self.config.branch}/{relative}"

    def on_post_build(self, config):
        index_site(Path(config.site_dir))
        if self.staging is None:
            return
        old = self.site_dir.with_name(f".{self.site_dir.name}-previous")
        shutil.rmtree(old, ignore_errors=True)
        if self.site_dir.exists():
            self.site_dir.rename(old)
        self.staging.rename(self.site_dir)
        shutil.rmtree(old, ignore_errors=True)
        log.info("Site written to %s", self.site_dir)

    def on_build_error(self, error):
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            log.error("The build failed; the previous site in %s is unchanged.", self.site_dir)
