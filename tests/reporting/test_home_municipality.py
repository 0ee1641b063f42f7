"""Issue 15, point 4: "El meu municipi" compares the town hall with its population band only
when the band is large enough not to give other town halls' scores away, and lists each project
with its next step, or with nothing hanging when there is none."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import translation

from localret.core.formatting import date_short
from localret.maturity.models import Project
from localret.territory.models import Municipality
from tests.conftest import OLOT, VIC, client_for, speaking
from tests.maturity.factories import (
    ProjectFactory,
    ProjectMilestoneFactory,
    bulk_validated,
    make_campaign,
)

pytestmark = pytest.mark.django_db


def visible(html: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def home(user) -> str:  # type: ignore[no-untyped-def]
    return speaking(client_for(user), "en").get("/inici/").content.decode()


def test_a_band_too_small_to_compare_gives_no_peer_figures(vic_user) -> None:  # type: ignore[no-untyped-def]
    band = Municipality.objects.get(code=VIC).population_band
    peers = Municipality.objects.filter(population_band=band).exclude(code=VIC).order_by("code")
    codes = [VIC, *peers.values_list("code", flat=True)[:2]]  # three of a band: below 5
    bulk_validated(make_campaign(), {code: 0.3 + 0.2 * i for i, code in enumerate(codes)})
    text = visible(home(vic_user))
    assert "Maturity level" in text
    assert "Too few municipalities of the band" in text
    assert "Median score of the band" not in text and "Position in the band" not in text


def test_a_large_enough_band_gives_the_median_and_the_position(vic_user) -> None:  # type: ignore[no-untyped-def]
    band = Municipality.objects.get(code=VIC).population_band
    peers = Municipality.objects.filter(population_band=band).exclude(code=VIC).order_by("code")
    codes = [*peers.values_list("code", flat=True)[:5], VIC]  # Vic the strongest of six
    bulk_validated(make_campaign(), {code: 0.2 + 0.1 * i for i, code in enumerate(codes)})
    text = visible(home(vic_user))
    assert "Municipalities of the band with a result 6" in text
    assert "Position in the band 1 of 6 (1 is the highest score)" in text


def test_projects_show_their_next_step_or_nothing_hanging(vic_user, olot_user) -> None:  # type: ignore[no-untyped-def]
    vic = Municipality.objects.get(code=VIC)
    olot = Municipality.objects.get(code=OLOT)
    ongoing = ProjectFactory(name="Seu electrònica de Vic", municipalities=[vic])
    ProjectMilestoneFactory(
        project=ongoing, name="Tràmits publicats", due_date=dt.date(2020, 1, 10), done_on=None
    )
    ProjectMilestoneFactory(
        project=ongoing,
        name="Formació feta",
        due_date=dt.date(2019, 5, 1),
        done_on=dt.date(2019, 5, 1),
    )
    ProjectFactory(name="Arxiu electrònic de Vic", municipalities=[vic])  # no milestone
    ProjectFactory(name="Padró d'Olot", municipalities=[olot], status=Project.Status.ACTIVE)
    html = home(vic_user)
    projects = visible(re.search(r'(?s)<ul id="home-projects">.*?</ul>', html).group(0))
    with translation.override("en"):
        due = date_short(dt.date(2020, 1, 10))
    assert (
        f"Seu electrònica de Vic (In progress). Next step: Tràmits publicats, due {due} "
        "(overdue)." in projects
    )
    assert "Formació feta" not in projects  # done: not a next step
    assert "Arxiu electrònic de Vic (In progress)" in projects
    assert "Arxiu electrònic de Vic (In progress)." not in projects  # nothing left hanging
    assert "·" not in projects
    assert "Padró d'Olot" not in visible(html)  # another town hall's project
    assert "Padró d'Olot" in visible(home(olot_user))
