"""Innovation model rules on factory data: who an idea names, adopted offers, pilot budgets,
dates and partners."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from localret.innovation.models import Idea, Offer

from .factories import IdeaFactory, OfferFactory, PilotFactory

pytestmark = pytest.mark.django_db


def test_an_idea_from_a_municipality_must_name_it_and_one_from_staff_need_not():
    with pytest.raises(ValidationError):
        IdeaFactory.build(municipality=None).full_clean()
    IdeaFactory.build(source=Idea.Source.STAFF, municipality=None, proposer=None).full_clean()


def test_an_adopted_offer_needs_its_adoption_date():
    offer = OfferFactory.build(pilot=PilotFactory(), status=Offer.Status.ADOPTED)
    with pytest.raises(ValidationError):
        offer.full_clean()
    offer.adopted_on = dt.date(2026, 9, 1)
    offer.full_clean()


@pytest.mark.parametrize(
    "changes",
    [
        {"budget": Decimal("-1")},
        {"start_date": dt.date(2025, 3, 1), "end_date": dt.date(2025, 2, 28)},
    ],
)
def test_a_pilot_budget_is_not_negative_and_it_ends_after_it_starts(changes):
    with pytest.raises(ValidationError):
        PilotFactory.build(**changes).full_clean()


def test_partners_are_read_one_per_line_without_blanks():
    pilot = PilotFactory(partners="Universitat de Vic\n\n  Consell Comarcal d'Osona  \n")
    assert pilot.partner_list == ["Universitat de Vic", "Consell Comarcal d'Osona"]
