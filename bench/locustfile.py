"""Locust users of the load benchmark (driven by ``python -m bench.load``; see bench/README.md).

``BENCH_LOAD_MIX`` picks what the users do: ``mix`` (the realistic mix: anonymous transparency
and open-data pages 60 %, staff pages 25 %, API reads 10 %, writes 5 %), ``anonymous`` (the
anonymous pages alone) or ``health`` (``/health`` alone, the baseline). Requests are named by
their group, so locust's statistics are per group.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

PLAN = "pla-estrategic-2024-2027"
MUNICIPALITIES = ["082981", "171143", "080193", "251207", "431482", "170792", "081213"]
ANONYMOUS = [
    "/",
    "/transparencia/",
    f"/transparencia/plans/{PLAN}/",
    "/transparencia/acords/",
    "/transparencia/equilibri-territorial/",
    "/dades-obertes/",
    "/dades-obertes/catalog.jsonld",
    "/maduresa/",
    "/connectivitat/",
    "/innovacio/",
    "/municipis/",
    "/municipis/?comarca=Osona",
    f"/pla/{PLAN}/",
] + [
    f"/{page}/{code}/"
    for page in ("transparencia/municipis", "municipis")
    for code in MUNICIPALITIES
]
STAFF = [
    f"/pla/{PLAN}/",
    "/maduresa/projectes/",
    "/maduresa/comparativa/5001-20000/",
    "/governanca/",
    "/informes/",
    "/connectivitat/",
] + [f"/municipis/{code}/" for code in MUNICIPALITIES]
API = [
    "/api/v1/municipalities?search=vic",
    "/api/v1/municipalities?limit=100",
    f"/api/v1/plans/{PLAN}",
    "/api/v1/plans",
    "/api/v1/maturity/benchmark",
] + [f"/api/v1/municipalities/{code}" for code in MUNICIPALITIES]
MIX = os.environ.get("BENCH_LOAD_MIX", "mix")
PASSWORD = "localret-demo"


class Visitor(HttpUser):
    """One person or client of the site; the mix decides who each request is for."""

    wait_time = between(0, 0.05)

    def on_start(self) -> None:
        self.staff_cookie = ""
        self.token = ""
        if MIX != "mix":
            return
        # Log in as staff for the pages (session cookie, sent by hand: the production cookie is
        # marked Secure and the benchmark speaks plain HTTP on loopback).
        page = self.client.get("/comptes/entra/", name="setup")
        csrf = page.cookies.get("csrftoken", "")
        response = self.client.post(
            "/comptes/entra/",
            data={"username": "tecnic", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Cookie": f"csrftoken={csrf}", "Referer": self.host + "/comptes/entra/"},
            allow_redirects=False,
            name="setup",
        )
        session = response.cookies.get("sessionid", "")
        self.staff_cookie = f"sessionid={session}" if session else ""
        token = self.client.post(
            "/api/v1/auth/token", json={"username": "tecnic", "password": PASSWORD}, name="setup"
        )
        self.token = token.json().get("token", "") if token.ok else ""
        self.client.cookies.clear()

    @task
    def one_request(self) -> None:
        if MIX == "health":
            self.client.get("/health", name="health")
            return
        if MIX == "anonymous":
            self.client.get(random.choice(ANONYMOUS), name="anonymous")
            return
        draw = random.random()
        if draw < 0.60:
            self.client.get(random.choice(ANONYMOUS), name="anonymous")
        elif draw < 0.85:
            self.client.get(
                random.choice(STAFF), name="staff", headers={"Cookie": self.staff_cookie}
            )
        elif draw < 0.95:
            self.client.get(random.choice(API), name="api-read")
        else:
            day = random.randint(1, 28)
            self.client.post(
                "/api/v1/indicators/I1.1.001-2024/measurements",
                json={
                    "date": f"2025-{random.randint(1, 12):02d}-{day:02d}",
                    "value": random.randint(1, 900),
                    "municipality": random.choice(MUNICIPALITIES),
                },
                headers={"Authorization": f"Bearer {self.token}"},
                name="write",
            )
        self.client.cookies.clear()
