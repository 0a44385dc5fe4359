"""Files a commit carries into the places a build keeps for itself: `.cache/` (the build's state,
share images, validate's cache), the site folder and what a build puts beside it (its staging
folder, its lock: a link there would have the build delete or write files outside the checkout).

The deploy restores those folders from the Actions cache, which only this repository's own runs on
the main branch write, and uses them only with its own seal (generator/sealed.py). A file git tracks
there came from a commit instead: a pull request can force-add one past .gitignore. Trusting it
would let a planted build state run code when it is unpickled, a planted PNG become an innovation's
preview image, and a planted page be published beside the real ones. So a build removes every
place that holds such a file, whole, before it reads anything there, and builds everything."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable


def tracked(root: Path, folders: Iterable[Path]) -> list[str] | None:
    """The paths, relative to `root`, of what git tracks under `folders` (those inside `root`), a
    folder that is itself a tracked link included; none when `root` is not in a git work tree
    (nothing was checked out), and None when it is one but git cannot say (no git, a refused
    folder): then nothing there can be trusted. Links are not followed: a path is compared as
    written."""
    root = Path(os.path.abspath(root))
    inside = [os.path.relpath(os.path.abspath(folder), root) for folder in folders]
    inside = [folder for folder in inside if folder != "." and not folder.startswith("..")]
    if not inside:
        return []
    checked_out = any((folder / ".git").exists() for folder in (root, *root.parents))
    try:  # every tracked path, filtered here: git refuses a pathspec beyond a tracked link
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None if checked_out else []
    if listed.returncode != 0:
        return None if checked_out else []
    paths = listed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [path for path in paths if any(path == folder or path.startswith(folder + "/") for folder in inside)]


def remove(root: Path, paths: Iterable[str]) -> None:
    """Remove the checked-out files (or links, or submodules) at `paths`."""
    for path in paths:
        target = root / path
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
