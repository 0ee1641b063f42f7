"""Demo accounts (only created by `localret demo`). Password: localret-demo."""

import datetime as dt

from localret.core.demo import DEMO_PASSWORD

from .models import User
from .roles import Role
from .services import user_create

DEMO_USERS = (
    ("admin", Role.ADMIN, "Administradora", "Localret", ()),
    ("tecnic", Role.STAFF, "Tècnic", "Localret", ()),
    ("consell", Role.BOARD, "Membre", "del Consell", ()),
    ("vic", Role.MUNICIPAL, "Usuària", "de Vic", ("082981",)),
    ("olot", Role.MUNICIPAL, "Usuari", "d'Olot", ("171143",)),
    ("collaborador", Role.COLLABORATOR, "Col·laborador", "extern", ()),
)


def load(*, seed: int, today: dt.date) -> str:
    created = 0
    for username, role, first, last, codes in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            email=f"{username}@demo.localret.cat",
            first_name=first,
            last_name=last,
            municipality_codes=codes,
        )
        created += 1
    return f"{created} demo users"
