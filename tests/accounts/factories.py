"""factory_boy factories for the accounts app: users of each role, memberships, API tokens."""

from __future__ import annotations

from typing import Any

import factory

from localret.accounts.models import ApiToken, Membership, User
from localret.accounts.roles import Role
from localret.territory.models import Municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"persona{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "localret-test")

    @factory.post_generation
    def municipalities(self, create: bool, codes: Any, **kwargs: Any) -> None:
        """``UserFactory(role=Role.MUNICIPAL, municipalities=["082981"])``."""
        if create and codes:
            for code in codes:
                MembershipFactory(user=self, municipality=Municipality.objects.get(code=code))
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, role=Role.MUNICIPAL)
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="082981"))


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token; its raw value (to send as ``Bearer``) is the ``raw`` attribute of the result."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "test"

    @classmethod
    def _create(cls, model_class: type[ApiToken], *args: Any, **kwargs: Any) -> ApiToken:
        from localret.accounts.models import hash_token
        from localret.accounts.services import token_create

        raw = token_create(user=kwargs["user"], name=kwargs.get("name", ""))
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        token.raw = raw  # type: ignore[attr-defined]
        return token
