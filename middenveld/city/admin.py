"""Departments and teams in the back office: administrators manage them, staff can look."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from middenveld.city.models import Department, Team, TeamMember
from middenveld.core import rules
from middenveld.core.admin_site import RulesInlineMixin, RulesModelAdmin, staff_site

VIEW = "city.view_teams"
MANAGE = "city.manage_teams"


class _ViewForStaff:
    """Staff can open and read the pages; changing needs ``city.manage_teams``."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(rules.check(VIEW, request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(rules.check(VIEW, request.user))


class TeamMemberInline(_ViewForStaff, RulesInlineMixin, admin.TabularInline):
    model = TeamMember
    permission = MANAGE
    fields = ["user", "is_lead"]
    extra = 1


class TeamInline(_ViewForStaff, RulesInlineMixin, admin.TabularInline):
    model = Team
    permission = MANAGE
    fields = ["name", "slug", "email"]
    show_change_link = True
    extra = 0


@admin.register(Department, site=staff_site)
class DepartmentAdmin(_ViewForStaff, RulesModelAdmin):
    permission = MANAGE
    list_display = ["name", "email", "team_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TeamInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        return super().get_queryset(request).annotate(team_total=Count("teams"))

    @admin.display(description=_("teams"), ordering="team_total")
    def team_count(self, obj: Any) -> int:
        return obj.team_total


@admin.register(Team, site=staff_site)
class TeamAdmin(_ViewForStaff, RulesModelAdmin):
    permission = MANAGE
    list_display = ["name", "department", "email", "member_count", "leads"]
    list_filter = ["department"]
    search_fields = ["name", "department__name", "members__email"]
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ["department"]
    inlines = [TeamMemberInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return (
            super()
            .get_queryset(request)
            .annotate(member_total=Count("memberships"))
            .prefetch_related("memberships__user")
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Any) -> int:
        return obj.member_total

    @admin.display(description=_("team leads"))
    def leads(self, obj: Any) -> str:
        names = [m.user.get_full_name() or m.user.email for m in obj.memberships.all() if m.is_lead]
        return ", ".join(names) or "—"
