"""Loading and validating content: files → sources → models → cross-file checks → a Bank."""

from .bank import Bank, Record, content_digest, load, load_file, no_collection, shown_path, stable_hash
from .listing import Watched
from .problems import FORMATS, ContentError, Problem

__all__ = ["Bank", "Record", "content_digest", "load", "load_file", "no_collection", "shown_path", "stable_hash", "Watched", "Problem", "ContentError", "FORMATS"]
