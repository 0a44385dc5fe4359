"""An office (ministry, division, directorate, district or upazila office) is declared once in
content/offices/<id>.yaml and referenced by id from teams and innovations."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .common import BiLine, Handle, Slug, Strict, Url


class OfficeKind(str, Enum):
    ministry = "ministry"
    division = "division"  # a ministry's division or department
    directorate = "directorate"  # directorate, agency
    divisional = "divisional"  # divisional commissioner's office
    district = "district"  # deputy commissioner's office
    upazila = "upazila"  # upazila nirbahi officer's office
    other = "other"


class Office(Strict):
    name: BiLine
    kind: OfficeKind
    parent: Slug | None = None
    place: str | None = None
    website: Url | None = None
    maintainers: list[Handle] = Field(default_factory=list, description="GitHub handles who review this office's files")
