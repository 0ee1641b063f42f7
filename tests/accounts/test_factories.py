"""The factories of accounts and territory build valid, working objects."""

from __future__ import annotations

import pytest

from localret.accounts.roles import Role, can_edit_municipality
from localret.territory.models import Contact

from ..conftest import api_client
from ..territory.factories import ContactFactory
from .factories import ApiTokenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_municipal_user_from_the_factory_belongs_to_its_municipality():
    user = UserFactory(role=Role.MUNICIPAL, municipalities=["082981"])
    assert user.check_password("localret-test")
    assert can_edit_municipality(user, "082981")
    assert not can_edit_municipality(user, "171143")


def test_a_token_from_the_factory_authenticates_its_user():
    token = ApiTokenFactory(user=UserFactory(role=Role.STAFF))
    client = api_client(None)
    response = client.get(
        "/api/v1/municipalities/082981/profile", HTTP_AUTHORIZATION=f"Bearer {token.raw}"
    )
    assert response.status_code == 200


def test_contacts_from_the_factory_hang_from_one_profile():
    first, second = ContactFactory(), ContactFactory()
    assert first.profile == second.profile
    assert Contact.objects.filter(profile__municipality__code="082981").count() == 2
