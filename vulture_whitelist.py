# ruff: noqa: B018
"""Names vulture cannot see used (Django, ninja and templates call them by name).

One line per entry point with the reason; the dead-code gate (.ci/run) reads this file."""

_ = object()

from localret.accounts import context_processors  # noqa: E402
from localret.strategy import hooks  # noqa: E402

context_processors.platform  # settings.TEMPLATES context_processors names it as a string
hooks.on_plan_closed  # the registration point of the plan-closed hook, kept with its siblings

# Called by the standard library or a library on subclasses, by name:
_.on_start  # locust HttpUser (bench/locustfile.py)
_.handle_starttag  # html.parser.HTMLParser (tests/core/crawler.py)
_.handle_endtag  # html.parser.HTMLParser
_.handle_data  # html.parser.HTMLParser
_.redirect_request  # urllib.request.HTTPRedirectHandler (tests/production/test_serving.py)
_.get_openapi_operation_id  # django-ninja NinjaAPI, for each operation (localret/api.py)
