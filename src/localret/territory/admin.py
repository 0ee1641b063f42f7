from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Comarca, Contact, Municipality, MunicipalProfile, Province, Vegueria


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "comarca", "province", "population", "population_band")
    list_filter = ("province", "population_band")
    search_fields = ("name", "code")


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(MunicipalProfile)
class MunicipalProfileAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "updated_at")
    inlines = [ContactInline]
    autocomplete_fields = ["municipality"]


admin.site.register([Province, Vegueria, Comarca])
