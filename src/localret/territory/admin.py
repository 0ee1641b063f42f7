from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Comarca,
    Contact,
    Municipality,
    MunicipalProfile,
    PopulationFigure,
    Province,
    Vegueria,
)

# Every register model is audited (history = HistoricalRecords()): SimpleHistoryAdmin adds the
# "History" button with who, when and what, and records the administrator as the author.


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "comarca", "province", "population", "population_band")
    list_filter = ("province", "population_band")
    search_fields = ("name", "code")
    inlines = [PopulationFigureInline]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "year", "population", "source")
    list_filter = ("year",)
    search_fields = ("municipality__name", "municipality__code")
    autocomplete_fields = ["municipality"]


@admin.register(Comarca)
class ComarcaAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "capital", "vegueria")
    search_fields = ("name", "code")


@admin.register(Vegueria)
class VegueriaAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "ambit")


@admin.register(Province)
class ProvinceAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(MunicipalProfile)
class MunicipalProfileAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "updated_at")
    inlines = [ContactInline]
    autocomplete_fields = ["municipality"]
