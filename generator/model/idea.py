"""An innovation (উদ্ভাবন): one file in content/ideas/, YAML front matter + Markdown body.

The Cabinet Division's 7-column database form maps onto `title`, `summary` and `service`
(see generator/form.py); everything else is what the bank shows beyond the form."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from .common import (BiLine, BiSummary, BiText, BiTitle, FiscalYear, Int, Numbering, PastDate, Period, Person, Slug, Strict, TimeSaved, Url, Year,
                     YesPartlyNo, Flag, problem)
from .places import PlaceCode


class Kind(str, Enum):
    simplification = "simplification"  # সেবা সহজীকরণ
    digitisation = "digitisation"  # ডিজিটাইজেশন
    new_idea = "new_idea"  # নতুন উদ্ভাবনী ধারণা


class Status(str, Enum):
    proposed = "proposed"
    piloting = "piloting"
    implemented = "implemented"
    replicated = "replicated"
    discontinued = "discontinued"


IMPLEMENTED = (Status.implemented, Status.replicated)  # in service: these need dates.implemented


class Sector(str, Enum):
    public_administration = "public_administration"
    local_government = "local_government"
    land = "land"
    health = "health"
    education = "education"
    agriculture = "agriculture"
    social_welfare = "social_welfare"
    law_and_justice = "law_and_justice"
    ict = "ict"
    finance = "finance"
    environment = "environment"
    women_and_children = "women_and_children"


class Service(Strict):
    """Columns 3–7 of the Cabinet Division form."""

    link: Url | None = None
    running: Flag
    not_running_reason: BiText | None = None
    expected_result: YesPartlyNo | None = None
    remarks: BiText | None = None

    @model_validator(mode="after")
    def _reason_when_stopped(self):
        if not self.running and self.not_running_reason is None:
            raise problem("reason_required", needed="not_running_reason")
        return self


class Impact(Strict):
    """Time, cost (BDT) and visits a citizen spends per service, before and after (TCV)."""

    time: TimeSaved | None = None
    cost: Period | None = None
    visits: Period | None = None


class AwardLevel(str, Enum):
    national = "national"
    ministry = "ministry"
    division = "division"
    district = "district"


class Award(Strict):
    name: BiLine
    level: AwardLevel
    year: Year
    rank: Int | None = Field(default=None, ge=1, le=3)
    category: BiLine | None = None


class ReplicationStatus(str, Enum):
    piloting = "piloting"
    replicated = "replicated"
    discontinued = "discontinued"


class Replication(Strict):
    place: PlaceCode
    office: Slug | None = None
    year: Year
    status: ReplicationStatus


class LinkKind(str, Enum):
    news = "news"
    video = "video"
    document = "document"
    other = "other"


class Link(Strict):
    title: BiLine
    url: Url
    kind: LinkKind = LinkKind.other


# A picture in content/media: lowercase words and digits joined by hyphens, as file names are, and
# PNG, JPEG or WebP only (an SVG can carry script; generator/load/tree.py refuses anything else).
MEDIA_NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*\.(?:png|jpe?g|webp)"


_MEDIA_SRC = re.compile("media/" + MEDIA_NAME)


def _media(value: Any) -> Any:
    """Only a file of content/media, written media/<name>: the site loads nothing from another host."""
    if isinstance(value, str) and not _MEDIA_SRC.fullmatch(value.strip()):
        raise problem("image_src", value=value)
    return value


class Image(Strict):
    # _media says what is wrong in the officer's words; the pattern shows the rule in the JSON schema
    src: Annotated[str, BeforeValidator(_media), Field(pattern=f"^media/{MEDIA_NAME}$")]
    alt: BiText


class ActionPlanItem(Strict):
    fiscal_year: FiscalYear
    activity: Numbering


class Dates(Strict):
    # what has happened: neither date is in the future (the web form says so too: pages/contribute.py)
    started: PastDate | None = None
    implemented: PastDate | None = None

    @model_validator(mode="after")
    def _in_order(self):
        if self.started and self.implemented and self.implemented < self.started:
            raise problem("date_order", first="started", second="implemented")
        return self


class Idea(Strict):
    title: BiTitle
    summary: BiSummary
    kind: Kind
    status: Status
    office: Slug
    team: Slug | None = None
    place: PlaceCode | None = None
    sectors: list[Sector] = Field(default_factory=list)
    dates: Dates = Field(default_factory=Dates)
    service: Service
    impact: Impact = Field(default_factory=Impact)
    awards: list[Award] = Field(default_factory=list)
    replications: list[Replication] = Field(default_factory=list)
    innovators: list[Person] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    action_plan: ActionPlanItem | None = None
    aliases: list[Slug] = Field(default_factory=list)
    # when the information was last checked: a later date would keep the page from ever being marked
    # as needing review (pages/review.py), and date the feeds and the sitemap ahead
    updated: PastDate | None = None

    @model_validator(mode="after")
    def _implemented_has_date(self):
        if self.status in IMPLEMENTED and self.dates.implemented is None:
            raise problem("implemented_date", needed="dates.implemented")
        return self
