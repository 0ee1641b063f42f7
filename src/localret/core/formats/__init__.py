"""Adjustments to Django's built-in formats (``FORMAT_MODULE_PATH``): only what differs.

Spanish groups thousands with a point like Catalan (``1.022,23``, as the issue asks), where
Django's default is a non-breaking space. Catalan dates in prose are written by
``core.formatting.date_long`` (``30 de novembre de 2026``, ``1 d'abril de 2026``)."""
