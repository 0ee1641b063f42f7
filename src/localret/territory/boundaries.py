"""Boundary files of the territory (GeoJSON in the data directory, never committed)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def boundaries_path(level: str) -> Path | None:
    """Boundary GeoJSON from the data directory (never committed), or None."""
    data_dir = settings.LOCALRET_DATA_DIR
    if data_dir is None:
        return None
    path = Path(data_dir) / "geo" / f"catalunya-{level}.geojson"
    return path if path.is_file() else None
