from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from localret.core.api import Pagination
from localret.territory.interface import QueryMunicipality

KindCode = Literal["advice", "adhesion", "incident", "project", "pilot", "other"]
StatusCode = Literal["new", "triaged", "in_progress", "waiting", "resolved", "closed", "reopened"]
PriorityCode = Literal["low", "normal", "high", "urgent"]
TeamCode = Literal["advice", "services", "security", "innovation", "connectivity"]


class RequestIn(Schema):
    municipality: str = Field(..., description="6-digit INE code of the municipality")
    kind: KindCode
    subject: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1)
    priority: PriorityCode = "normal"
    roadmap_item: int | None = Field(None, description="Id of a roadmap item it is about")
    service: str | None = Field(None, description="Code of a catalogue service it is about")
    project: int | None = Field(None, description="Id of an accompaniment project")
    pilot: int | None = Field(None, description="Id of an innovation pilot")


class RequestPatch(Schema):
    status: StatusCode | None = None
    kind: KindCode | None = None
    priority: PriorityCode | None = None
    team: TeamCode | Literal[""] | None = None
    assignee: str | None = Field(None, description="Username of the staff member responsible")
    action_line: int | None = Field(None, description="Id of the plan's action line it serves")
    service: str | None = Field(None, description="Code of the catalogue service (adhesions)")


class RequestOut(Schema):
    id: int
    municipality: str
    municipality_name: str
    kind: str
    subject: str
    description: str
    status: str
    priority: str
    team: str
    assignee: str | None
    action_line: int | None
    service: str | None
    roadmap_item: int | None
    project: int | None
    pilot: int | None
    created_at: dt.datetime
    opened_on: dt.date
    first_answer_due: dt.date
    resolution_due: dt.date
    first_answered_on: dt.date | None
    resolved_on: dt.date | None
    waiting_since: dt.date | None
    overdue: bool
    within_target: bool | None
    satisfaction: int | None
    created_adhesion: int | None
    created_project: int | None
    created_idea: int | None
    is_demo: bool


class RequestItem(Schema):
    id: int
    municipality: str
    kind: str
    subject: str
    status: str
    priority: str
    opened_on: dt.date
    first_answer_due: dt.date
    resolution_due: dt.date
    overdue: bool


class RequestPage(Schema):
    count: int
    items: list[RequestItem]


class RequestFilters(Pagination):
    """The list's query; a parameter sent empty counts as not sent."""

    municipality: QueryMunicipality = ""
    status: StatusCode | Literal[""] = ""
    overdue: bool | None = None

    @field_validator("overdue", mode="before")
    @classmethod
    def _empty_overdue(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value


class MessageIn(Schema):
    body: str = Field(..., min_length=1)
    internal: bool = False


class MessageOut(Schema):
    id: int
    author: str | None
    from_staff: bool
    body: str
    internal: bool
    created_at: dt.datetime


class SurveyIn(Schema):
    rating: int = Field(..., ge=1, le=5, description="1 (very unsatisfied) to 5 (very satisfied)")


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    internal: bool
    uploaded_at: dt.datetime


class GroupStats(Schema):
    requests: int | None = Field(None, description="None when suppressed (disclosure control)")
    municipalities: int | None
    per_1000_inhabitants: float | None
    resolved: int | None
    within_target_pct: float | None
    suppressed: bool


class ComarcaStats(GroupStats):
    code: str
    name: str


class BandStats(GroupStats):
    code: str
    label: str


class StatsOut(Schema):
    as_of: dt.date
    minimum_group: int = Field(..., description="Smallest group published")
    total: GroupStats
    comarques: list[ComarcaStats]
    bands: list[BandStats]


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool


class NotificationPage(Schema):
    count: int
    unread: int
    items: list[NotificationOut]
