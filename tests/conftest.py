"""Shared fixtures: the register is loaded once per test database; users of every role."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from localret.accounts.models import User
from localret.accounts.roles import Role
from localret.accounts.services import token_create, user_create

# Property tests check results, not speed: on a loaded machine (CI runs two suites side by side)
# input generation may be slow, which must not fail a test.
settings.register_profile("localret", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("localret")

PASSWORD = "s3cret-Passw0rd"
VIC = "082981"
OLOT = "171143"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the built-in register (947 municipalities) once into the test database."""
    from django.conf import settings

    from localret.territory.importer import register_import

    with django_db_blocker.unblock():
        register_import(data_dir=settings.LOCALRET_DATA_DIR)
    yield


def make_user(username: str, role: str, codes: tuple[str, ...] = ()) -> User:
    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        email=f"{username}@example.org",
        municipality_codes=codes,
    )


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin1", Role.ADMIN)


@pytest.fixture
def staff_user(db) -> User:
    return make_user("tecnic1", Role.STAFF)


@pytest.fixture
def board_user(db) -> User:
    return make_user("consell1", Role.BOARD)


@pytest.fixture
def vic_user(db) -> User:
    return make_user("vic1", Role.MUNICIPAL, (VIC,))


@pytest.fixture
def olot_user(db) -> User:
    return make_user("olot1", Role.MUNICIPAL, (OLOT,))


@pytest.fixture
def collaborator_user(db) -> User:
    return make_user("collab1", Role.COLLABORATOR)


@pytest.fixture
def users(admin_user, staff_user, board_user, vic_user, olot_user, collaborator_user) -> dict:
    """Every role, keyed by a short name; ``None`` is the public."""
    return {
        "admin": admin_user,
        "staff": staff_user,
        "board": board_user,
        "vic": vic_user,
        "olot": olot_user,
        "collaborator": collaborator_user,
        "public": None,
    }


def client_for(user: User | None) -> Client:
    """A test client logged in (session) as the user, or anonymous."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def speaking(client: Client, language: str) -> Client:
    """The client with a language chosen, as the language switcher does (the language cookie;
    the browser's Accept-Language is not followed). Returns the client."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def bearer(user: User) -> dict[str, str]:
    """Headers for the API with a fresh token of the user."""
    return {"Authorization": f"Bearer {token_create(user=user)}"}


def api_client(user: User | None) -> Client:
    """A client whose every request carries the user's Bearer token (anonymous if None)."""
    if user is None:
        return Client()
    return Client(headers=bearer(user))


@pytest.fixture(autouse=True)
def _register_for_transactional_tests(request):  # type: ignore[no-untyped-def]
    """Reload the register for transactional tests (``live_server``, ``transactional_db``).

    A transactional test empties every table when it ends (TransactionTestCase flushes), which
    removes the register loaded once by ``django_db_setup``; pytest-django runs these tests
    after the others, so only they need it back.
    """
    names = request.fixturenames
    if "live_server" not in names and "transactional_db" not in names:
        return
    from django.conf import settings

    from localret.territory.importer import register_import
    from localret.territory.models import Municipality

    request.getfixturevalue("transactional_db")
    if not Municipality.objects.exists():
        register_import(data_dir=settings.LOCALRET_DATA_DIR)


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Every test starts and ends with an empty cache.

    Cached values are keyed by data versions (core/versions.py), which a test's rollback sets
    back: a test that writes nothing would otherwise read values computed by another.
    """
    from django.core.cache import cache

    from localret.core.cache import clear_local

    cache.clear()
    clear_local()
    yield
    cache.clear()
    clear_local()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The whole demo data set (as ``localret demo`` loads it), once per test module, rolled
    back when the module's tests are done. Tests that use it also ask for ``db``."""
    import datetime as dt

    from django.db import transaction

    from localret.core.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(today=dt.date(2026, 11, 30), log=lambda _line: None)
        yield
        transaction.set_rollback(True)
