"""Audit of accounts: role and active flag of users, memberships added and removed (who, when,
before, after), on the history page and in the Django admin, never with a password hash."""

from __future__ import annotations

import pytest
from django.utils import timezone

from localret.accounts.models import Membership, User
from localret.core.audit import versions
from localret.territory.models import Municipality

from ..conftest import OLOT, PASSWORD, VIC, client_for, speaking

pytestmark = pytest.mark.django_db

ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
NEW_PASSWORD = "an0ther-Long-passphrase"


def history_url(obj) -> str:
    return f"/historial/accounts/{obj._meta.model_name}/{obj.pk}/"


def change_data(user: User, memberships: list[tuple[int | None, str, bool]], **fields) -> dict:
    """The Django admin's change form of ``user`` as a browser posts it, with ``fields``
    changed; ``memberships``: (membership pk or None for a new one, INE code, delete?)."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(sum(1 for pk, _, _ in memberships if pk)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (pk, code, delete) in enumerate(memberships):
        data[f"memberships-{i}-id"] = str(pk or "")
        data[f"memberships-{i}-user"] = str(user.pk)
        data[f"memberships-{i}-municipality"] = str(Municipality.objects.get(code=code).pk)
        if delete:
            data[f"memberships-{i}-DELETE"] = "on"
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def admin_post(admin_user: User, user: User, data: dict):
    response = client_for(admin_user).post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context and (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset],
    )
    return response


@pytest.fixture
def vic(vic_user: User) -> User:
    """The Vic user created with a join date in whole seconds, as the admin form posts it back
    (so that only what a test changes changes)."""
    joined = vic_user.date_joined.replace(microsecond=0)
    User.objects.filter(pk=vic_user.pk).update(date_joined=joined)
    User.history.filter(id=vic_user.pk).update(date_joined=joined)
    vic_user.refresh_from_db()
    return vic_user


def test_role_and_active_flag_changes_are_recorded_with_who_before_and_after(admin_user, vic):
    membership = Membership.objects.get(user=vic)
    admin_post(admin_user, vic, change_data(vic, [(membership.pk, VIC, False)], role="board"))
    admin_post(
        admin_user,
        vic,
        change_data(vic, [(membership.pk, VIC, False)], role="board", is_active=False),
    )
    vic.refresh_from_db()
    assert (vic.role, vic.is_active) == ("board", False)
    newest, role_change, created = versions(vic)
    assert created.kind == "+"
    assert (role_change.user, role_change.kind) == (admin_user, "~")
    assert {c.field: (c.before, c.after) for c in role_change.changes} == {
        "role": ("municipal", "board")
    }
    assert {c.field: (c.before, c.after) for c in newest.changes} == {"is_active": (True, False)}
    assert newest.user == admin_user
    assert newest.date >= role_change.date >= created.date


def test_memberships_added_and_removed_are_recorded(admin_user, vic):
    vic_membership = Membership.objects.get(user=vic)
    # The administrator gives the user Olot as well ...
    admin_post(
        admin_user, vic, change_data(vic, [(vic_membership.pk, VIC, False), (None, OLOT, False)])
    )
    olot_membership = Membership.objects.get(user=vic, municipality__code=OLOT)
    # ... then takes Vic away.
    admin_post(
        admin_user,
        vic,
        change_data(vic, [(vic_membership.pk, VIC, True), (olot_membership.pk, OLOT, False)]),
    )
    assert list(
        Membership.objects.filter(user=vic).values_list("municipality__code", flat=True)
    ) == [OLOT]
    added = versions(olot_membership)
    assert [(v.kind, v.user) for v in added] == [("+", admin_user)]
    removed = Membership.history.filter(id=vic_membership.pk).order_by("-history_id")
    assert [(r.history_type, r.history_user) for r in removed] == [("-", admin_user), ("+", None)]

    client = speaking(client_for(admin_user), "en")
    response = client.get(history_url(vic))
    assert response.status_code == 200
    (group,) = response.context["related"]
    assert group.title == "memberships"
    assert [(v.kind, v.label, v.user) for v in group.versions] == [
        ("-", "Vic", admin_user),
        ("+", "Olot", admin_user),
        ("+", "Vic", None),
    ]
    html = response.content.decode()
    assert "removed" in html and "added" in html
    assert f'href="/historial/accounts/membership/{vic_membership.pk}/"' in html
    # The removed membership's own history page still answers, and an administrator may
    # restore it.
    page = client.get(f"/historial/accounts/membership/{vic_membership.pk}/")
    assert page.status_code == 200 and page.context["deleted"] is True
    newest = page.context["versions"][0]
    client.post(f"/historial/accounts/membership/{vic_membership.pk}/{newest.history_id}/restaura/")
    assert Membership.objects.filter(user=vic, municipality__code=VIC).exists()


@pytest.mark.parametrize("who", ROLES)
def test_account_history_is_for_administrators_only(users, who):
    vic = users["vic"]
    membership = Membership.objects.get(user=vic)
    expected = {"admin": 200, "public": 302}.get(who, 403)
    for url in (history_url(vic), history_url(membership)):
        response = client_for(users[who]).get(url)
        assert response.status_code == expected, url
    response = client_for(users[who]).post(
        f"{history_url(vic)}{versions(vic)[0].history_id}/restaura/"
    )
    assert response.status_code == {"admin": 302, "public": 302}.get(who, 403)


def test_history_never_holds_the_password_hash(admin_user, vic):
    client = client_for(vic)
    client.post(
        "/comptes/contrasenya/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    vic.refresh_from_db()
    newest = versions(vic)[0]
    assert newest.reason == "contrasenya canviada"  # the recorded reason, read in Catalan
    assert newest.changes == []  # the hash changed, and is not in the history
    every_field = {c.field for v in versions(vic) for c in v.changes}
    assert "password" not in every_field and "last_login" not in every_field
    assert not hasattr(User.history.model, "password")
    admin_client = client_for(admin_user)
    for url in (
        history_url(vic),
        f"/admin/accounts/user/{vic.pk}/history/",
        f"/admin/accounts/user/{vic.pk}/history/{User.history.filter(id=vic.pk).first().history_id}/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert vic.password not in html
        assert vic.password.split("$")[-1] not in html  # not even the hash part


def test_logging_in_records_no_version(client, vic):
    before = len(versions(vic))
    client.post("/comptes/entra/", {"username": vic.username, "password": PASSWORD})
    vic.refresh_from_db()
    assert vic.last_login is not None
    assert len(versions(vic)) == before


def test_restoring_a_user_version_keeps_the_current_password(admin_user, vic):
    membership = Membership.objects.get(user=vic)
    admin_post(admin_user, vic, change_data(vic, [(membership.pk, VIC, False)], role="staff"))
    vic.set_password(NEW_PASSWORD)
    vic.save()
    created = versions(vic)[-1]
    client = client_for(admin_user)
    response = client.post(f"{history_url(vic)}{created.history_id}/restaura/")
    assert response.status_code == 302
    vic.refresh_from_db()
    assert vic.role == "municipal"
    assert vic.check_password(NEW_PASSWORD)
    assert versions(vic)[0].user == admin_user
