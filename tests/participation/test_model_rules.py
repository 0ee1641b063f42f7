"""An approved plan version is frozen, whichever way a change comes (factory-built rows)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from localret.participation.models import FrozenVersionError, PlanVersion

from .factories import ConsultationFactory, PlanVersionFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_an_approved_version_refuses_save_delete_and_bulk_writes():
    version = PlanVersionFactory(status=PlanVersion.Status.APPROVED)
    version.note = "canviada"
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        version.delete()
    with pytest.raises(FrozenVersionError):
        PlanVersion.objects.filter(pk=version.pk).update(note="canviada")
    with pytest.raises(FrozenVersionError):
        PlanVersion.objects.filter(pk=version.pk).delete()
    assert PlanVersion.objects.get(pk=version.pk).note == "Versió sotmesa a consulta"


def test_a_draft_version_may_still_change():
    version = PlanVersionFactory()
    version.note = "Esmenes incorporades"
    version.save()
    assert not version.is_frozen
    assert PlanVersion.objects.get(pk=version.pk).note == "Esmenes incorporades"


def test_a_consultation_closes_on_or_after_it_opens():
    consultation = ConsultationFactory.build(plan=ConsultationFactory().plan)
    consultation.closes_on = consultation.opens_on.replace(day=1)
    with pytest.raises(ValidationError):
        consultation.full_clean()


def test_one_support_per_user_and_proposal():
    support = SupportFactory()
    duplicate = SupportFactory.build(proposal=support.proposal, user=support.user)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
