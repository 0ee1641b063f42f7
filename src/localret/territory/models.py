from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .bands import BANDS, band_for

BAND_CHOICES = [(b.code, b.label) for b in BANDS]


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=50)
    # Bumped by every save(); QuerySet.update()/bulk_update() writers set it themselves.
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, editable=False, verbose_name=_("updated at")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Vegueria(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    ambit = models.CharField(_("functional territorial area"), max_length=80, blank=True)
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, editable=False, verbose_name=_("updated at")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("vegueria")
        verbose_name_plural = _("vegueries")

    def __str__(self) -> str:
        return self.name


class Comarca(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80)
    capital = models.CharField(_("capital"), max_length=120, blank=True)
    vegueria = models.ForeignKey(
        Vegueria, on_delete=models.PROTECT, related_name="comarques", verbose_name=_("vegueria")
    )
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, editable=False, verbose_name=_("updated at")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("comarca")
        verbose_name_plural = _("comarques")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of Catalonia's 947 municipalities. Natural key: the 6-digit INE code (with check
    digit), e.g. ``080193`` for Barcelona."""

    code = models.CharField(_("INE code"), max_length=6, unique=True)
    ine5 = models.CharField(_("5-digit INE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    search_name = models.CharField(
        max_length=120, db_index=True, editable=False, verbose_name=_("search name")
    )
    comarca = models.ForeignKey(
        Comarca, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("comarca")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("province"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True)
    population_band = models.CharField(
        _("population band"), max_length=12, choices=BAND_CHOICES, db_index=True, blank=True
    )
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=1, null=True)
    altitude_m = models.IntegerField(_("altitude (m)"), null=True, blank=True)
    seat = models.CharField(_("municipal seat"), max_length=120, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    households_estimated = models.BooleanField(_("households estimated"), default=True)
    # Bumped by every save() (importer, admin). Code that writes with
    # QuerySet.update()/bulk_update() must set it too.
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, editable=False, verbose_name=_("updated at")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["search_name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"), name="municipality_code_6_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def set_derived_fields(self) -> None:
        """The search form of the name and the population band (``save()`` calls it; bulk
        writes such as the register importer call it themselves)."""
        from .text import fold

        self.search_name = fold(self.name)
        self.population_band = band_for(self.population) or ""


class PopulationFigure(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "year"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_population_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.population}"


class MunicipalProfile(models.Model):
    """Localret's contacts and notes for one municipality. Personal data: staff and the
    municipality's own users only; never public."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("municipality"),
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipal profile")
        verbose_name_plural = _("municipal profiles")

    def __str__(self) -> str:
        return f"{self.municipality}"


class Contact(models.Model):
    class Kind(models.TextChoices):
        """The four contact roles of the contract (README): the API and the form take only
        these codes; pages show the translated label (``get_role_display``)."""

        DIGITAL_LEAD = "digital_lead", _("Digital-transformation lead")
        IT = "it", _("IT contact")
        DPO = "dpo", _("Data protection officer")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(
        MunicipalProfile,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("profile"),
    )
    name = models.CharField(_("name"), max_length=150)
    # max_length stays 150: versions recorded before roles were fixed keep their free text.
    role = models.CharField(_("role"), max_length=150, choices=Kind.choices, default=Kind.OTHER)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position in the list"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["digital_lead", "it", "dpo", "other"]),
                name="contact_role_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Versions recorded before roles were fixed hold free text ("DPO", "IT"); restoring
        # one (core/audit.py) converts it as migration 0003 converted the rows.
        self.role = role_from_text(self.role)
        super().save(*args, **kwargs)


# Free-text roles recorded before roles were fixed, folded (lower case, no accents), and the
# role each means; anything else is "other". Migration 0003 keeps its own copy.
ROLE_SYNONYMS = {
    "digital_lead": "digital_lead",
    "digital lead": "digital_lead",
    "digital-transformation lead": "digital_lead",
    "responsable de transformacio digital": "digital_lead",
    "responsable de transformacion digital": "digital_lead",
    "it": "it",
    "it contact": "it",
    "tic": "it",
    "informatica": "it",
    "dpo": "dpo",
    "dpd": "dpo",
    "data protection officer": "dpo",
    "delegat de proteccio de dades": "dpo",
    "delegado de proteccion de datos": "dpo",
    "other": "other",
}


def role_from_text(text: str) -> str:
    """The contact role a free-text role means: "DPO" -> "dpo", "IT" -> "it"; else "other"."""
    from .text import fold

    return ROLE_SYNONYMS.get(fold(text or ""), Contact.Kind.OTHER.value)
