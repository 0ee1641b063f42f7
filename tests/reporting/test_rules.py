"""Reporting's rules on factory data: who sees and manages a report job, who sets a
municipality's consent, which consents reach the lower layers, and stale or finished jobs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from localret.accounts.roles import Role
from localret.core import consent
from localret.core.errors import DomainError
from localret.reporting import permissions, services
from localret.reporting.models import ReportJob

from ..accounts.factories import UserFactory
from ..conftest import OLOT, VIC
from ..territory.factories import registered
from .factories import PublicationConsentFactory, ReportJobFactory

pytestmark = pytest.mark.django_db


def test_a_board_member_sees_and_manages_only_their_own_jobs_and_staff_every_job():
    asker = UserFactory(role=Role.BOARD)
    other_board = UserFactory(role=Role.BOARD)
    staff = UserFactory(role=Role.STAFF)
    job = ReportJobFactory(created_by=asker)

    assert permissions.can_see_report_job(asker, job)
    assert permissions.can_manage_report_job(asker, job)
    assert not permissions.can_see_report_job(other_board, job)
    assert not permissions.can_manage_report_job(other_board, job)
    assert permissions.can_see_report_job(staff, job)
    assert permissions.can_see_all_report_jobs(staff)
    assert not permissions.can_see_all_report_jobs(asker)


def test_a_job_is_hidden_from_whoever_may_not_get_board_reports_even_its_creator():
    # A municipal user cannot ask for a report; a job of theirs (their role changed since)
    # stays hidden from them.
    municipal = UserFactory(role=Role.MUNICIPAL, municipalities=[VIC])
    job = ReportJobFactory(created_by=municipal)
    for user in (municipal, UserFactory(role=Role.COLLABORATOR), AnonymousUser()):
        assert not permissions.can_get_board_report(user)
        assert not permissions.can_see_report_job(user, job)
        assert not permissions.can_manage_report_job(user, job)


def test_consent_is_set_by_staff_or_the_municipality_own_users_only():
    vic_user = UserFactory(role=Role.MUNICIPAL, municipalities=[VIC])
    staff = UserFactory(role=Role.STAFF)
    board = UserFactory(role=Role.BOARD)
    assert permissions.can_set_publication_consent(vic_user, VIC)
    assert not permissions.can_set_publication_consent(vic_user, OLOT)
    assert permissions.can_set_publication_consent(staff, OLOT)
    assert not permissions.can_set_publication_consent(board, VIC)
    assert not permissions.can_set_publication_consent(AnonymousUser(), VIC)


def test_only_municipalities_that_agree_to_publish_reach_the_consent_hook():
    assert consent.consenting("maturity") == frozenset()
    PublicationConsentFactory(municipality=registered(VIC), publish_maturity=True)
    PublicationConsentFactory(municipality=registered(OLOT), publish_maturity=False)
    assert consent.consenting("maturity") == frozenset({VIC})


def test_withdrawing_consent_forgets_the_day_it_was_given():
    staff = UserFactory(role=Role.STAFF)
    given = PublicationConsentFactory(agreed_on=dt.date(2026, 3, 10))
    withdrawn = services.publication_consent_set(
        municipality=given.municipality, publish_maturity=False, by=staff
    )
    assert withdrawn.pk == given.pk
    assert (withdrawn.publish_maturity, withdrawn.agreed_on) == (False, None)
    assert consent.consenting("maturity") == frozenset()


def test_only_running_jobs_silent_for_longer_than_the_limit_are_marked_failed():
    now = timezone.now()
    silent = ReportJobFactory(
        status=ReportJob.Status.RUNNING, heartbeat_at=now - services.STALE_AFTER * 2
    )
    alive = ReportJobFactory(status=ReportJob.Status.RUNNING, heartbeat_at=now)
    queued = ReportJobFactory()
    assert services.report_jobs_mark_stale(now) == 1
    silent.refresh_from_db()
    assert (silent.status, silent.error) == (ReportJob.Status.FAILED, services.WORKER_DIED)
    assert ReportJob.objects.get(pk=alive.pk).status == ReportJob.Status.RUNNING
    assert ReportJob.objects.get(pk=queued.pk).status == ReportJob.Status.QUEUED


@pytest.mark.parametrize("status", [ReportJob.Status.DONE, ReportJob.Status.FAILED])
def test_a_finished_job_cannot_be_cancelled_and_stays_as_it_was(status):
    job = ReportJobFactory(status=status, progress=100, step="done")
    with pytest.raises(DomainError) as refused:
        services.report_job_cancel(job=job, by=job.created_by)
    assert refused.value.errors[0]["field"] == "status"
    job.refresh_from_db()
    assert (job.status, job.cancelled) == (status, False)


def test_a_queued_or_running_job_cannot_be_run_again():
    for status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING):
        job = ReportJobFactory(status=status, heartbeat_at=timezone.now())
        with pytest.raises(DomainError):
            services.report_job_retry(job=job, by=job.created_by)
        assert ReportJob.objects.get(pk=job.pk).status == status


def test_a_job_step_reads_in_words_and_an_unknown_code_is_shown_as_it_is():
    with translation.override("en"):
        assert ReportJobFactory.build(step="render").step_label == "writing the document"
        assert ReportJobFactory.build(step="retry 2").step_label == (
            "trying again after a temporary failure"
        )
        assert ReportJobFactory.build(step="custom").step_label == "custom"
    with translation.override("ca"):
        assert ReportJobFactory.build(step="render").step_label == "redactant el document"
