"""An innovation team (ইনোভেশন টিম): one file in content/teams/ with its members, annual action
plans and meeting decisions, transcribed from the teams' own notifications and minutes."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .common import BiLine, BiText, BiTitle, FiscalYear, Int, OneLine, PastDate, Person, Slug, Strict, Url


class TeamLevel(str, Enum):
    ministry = "ministry"
    division = "division"  # a ministry's division or department
    directorate = "directorate"  # directorate or agency
    administrative_division = "administrative_division"
    district = "district"
    upazila = "upazila"


class Role(str, Enum):
    chief_innovation_officer = "chief_innovation_officer"
    innovation_officer = "innovation_officer"
    member_secretary = "member_secretary"
    member = "member"


class Member(Person):
    role: Role = Role.member


class Formed(Strict):
    date: PastDate  # the notification's date: a team is formed by one already issued
    reference: OneLine | None = None  # the notification's memo number (স্মারক নম্বর)


class Activity(Strict):
    number: OneLine
    activity: BiText
    period: BiLine | None = None
    responsible: BiLine | None = None
    expected_result: BiText | None = None
    indicator: BiText | None = None
    progress: Int | None = Field(default=None, le=100, description="per cent done")


class ActionPlan(Strict):
    year: FiscalYear
    # The plan's own name, as its document is titled ("বাৎসরিক উদ্ভাবনী কর্মপরিকল্পনা", "ই-গভর্ন্যান্স ও
    # উদ্ভাবনী কর্মপরিকল্পনা"); without it the site says "annual innovation action plan".
    name: BiLine | None = None
    activities: list[Activity] = Field(min_length=1)


class Decision(Strict):
    topic: BiLine | None = None
    decision: BiText
    implementer: BiLine | None = None


class Meeting(Strict):
    date: PastDate  # minutes record decisions taken, at a meeting that was held
    chair: Person | None = None
    decisions: list[Decision] = Field(min_length=1)


class Team(Strict):
    name: BiTitle
    level: TeamLevel
    office: Slug
    parent: Slug | None = None
    website: Url | None = None
    formed: Formed | None = None
    members: list[Member] = Field(default_factory=list)
    action_plans: list[ActionPlan] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
