"""What other apps may use of the territory (the register of municipalities): its models, the
population bands, the reads the apps share, the boundaries file and the registry of blocks on a
municipality's page (``register_section``)."""

from localret.territory.bands import BAND_CODES, BANDS, QueryBand, band_from_query, band_label
from localret.territory.boundaries import boundaries_path
from localret.territory.codes import QueryMunicipality, code_from_query
from localret.territory.models import Comarca, Municipality
from localret.territory.sections import municipality_sections, register_section
from localret.territory.selectors import (
    map_points,
    municipality_get,
    municipality_list,
    municipality_name,
)

__all__ = [
    "BANDS",
    "BAND_CODES",
    "Comarca",
    "Municipality",
    "QueryBand",
    "QueryMunicipality",
    "code_from_query",
    "band_from_query",
    "band_label",
    "boundaries_path",
    "map_points",
    "municipality_get",
    "municipality_list",
    "municipality_name",
    "municipality_sections",
    "register_section",
]
