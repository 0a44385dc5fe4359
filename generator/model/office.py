"""An office (ministry, division, directorate, district or upazila office) is declared once in
content/offices/<id>.yaml and referenced by id from teams and innovations. An office also declares
there which other offices' innovations it adopted: its own maintainers review that file, so the
innovation's page counts only what the adopting office itself says (as France's SILL does)."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from .common import BiTitle, Handle, PastDate, Slug, Strict, Url, Year, problem
from .places import PlaceCode


class OfficeKind(str, Enum):
    ministry = "ministry"
    division = "division"  # a ministry's division or department
    directorate = "directorate"  # directorate, agency
    divisional = "divisional"  # divisional commissioner's office
    district = "district"  # deputy commissioner's office
    upazila = "upazila"  # upazila nirbahi officer's office
    other = "other"


class Adoption(Strict):
    """An innovation of another office that this office put into its own service, and when: a
    year, or the date when it is known (one of the two)."""

    idea: Slug = Field(description="the innovation's file name in content/ideas/, without .md")
    year: Year | None = None
    date: PastDate | None = None  # put into service: what has happened

    @model_validator(mode="after")
    def _when(self):
        if (self.year is None) == (self.date is None):
            raise problem("adopted_when")
        return self

    @property
    def since(self) -> int:
        """The year it was adopted."""
        return self.year if self.year is not None else self.date.year


class Office(Strict):
    name: BiTitle
    kind: OfficeKind
    parent: Slug | None = None
    place: PlaceCode | None = None
    website: Url | None = None
    maintainers: list[Handle] = Field(default_factory=list, description="GitHub handles who review this office's files")
    adopted: list[Adoption] = Field(default_factory=list, description="other offices' innovations this office adopted")
