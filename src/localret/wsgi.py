"""The WSGI application, as the production server (gunicorn) loads it once per worker.

What Django and django-ninja would otherwise build on the first request of each process is
built here, at boot (:func:`warm_up`): a worker is ready before it accepts a request, and no
visitor's request pays for the start-up (issue 19: the first request of a process)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localret.settings.production")


def warm_up() -> None:
    """Load the URL configuration (every app's views, the API's routers and their pydantic
    schemas: about 2 s of CPU) and the translation catalogues of every language."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils.translation import trans_real

    get_resolver().url_patterns  # noqa: B018 - imported and built now, not on first request
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)


application = get_wsgi_application()
warm_up()
# What boot built lives as long as the process: move it out of the garbage collector's sight, so
# that no collection during a request walks the whole heap again (a cold read of a plan creates
# many objects and triggers collections of the oldest generation otherwise).
gc.freeze()
