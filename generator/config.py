"""The plugin's options in mkdocs.yml (`plugins: - innobank: {...}`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class InnobankConfig(Config):
    page_size = c.Type(int, default=50)  # items per listing page
    repository = c.Optional(c.Type(str))  # GitHub repository, for "propose a change" links
    branch = c.Type(str, default="main")
    parallel = c.Type(bool, default=True)  # render in one forked worker per core (generator/parallel.py)
