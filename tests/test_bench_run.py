"""bench/run.py's site size with every share image: the builds draw at most
share_images.DRAWN_PER_BUILD images, so the others are counted at the mean size of those drawn."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from run import FIGURES, with_every_share_image  # noqa: E402


def test_each_missing_image_adds_the_mean_of_those_drawn_in_bytes_and_in_disk_blocks():
    facts = {"bytes": 1_000_000, "du_bytes": 1_200_000}
    full = with_every_share_image(facts, [9_000, 13_000, 2_000], missing=5)
    assert full["mean_bytes"] == 8_000
    assert full["bytes"] == 1_000_000 + 5 * 8_000
    # 3, 4 and 1 disk blocks of 4 KiB: a mean of 8 blocks / 3 a file
    assert full["du_bytes"] == 1_200_000 + round(5 * (3 + 4 + 1) * 4096 / 3)
    assert (full["drawn"], full["missing"]) == (3, 5)


def test_nothing_missing_leaves_the_measured_size():
    facts = {"bytes": 123_456, "du_bytes": 200_704}
    full = with_every_share_image(facts, [11_000], missing=0)
    assert (full["bytes"], full["du_bytes"]) == (123_456, 200_704)


def test_with_no_image_drawn_there_is_nothing_to_estimate_by():
    with pytest.raises(RuntimeError, match="no share image"):
        with_every_share_image({"bytes": 1, "du_bytes": 4096}, [], missing=10)


def test_the_site_target_is_compared_with_the_estimate_and_says_so():
    assert FIGURES["site_mb_all_share_images"][2] == 500 and FIGURES["site_mb"][2] is None
    assert "estimate" in FIGURES["site_mb_all_share_images"][0]
    assert "estimate" in FIGURES["site_apparent_mb_all_share_images"][0]
