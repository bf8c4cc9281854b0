"""The city's back office at /beheer/: an admin site for city staff.

Access follows the platform role (staff or administrator), not Django's
``is_staff`` flag, which only opens the technical admin at /admin/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.i18n import missing_languages


class StaffAdminSite(admin.AdminSite):
    site_header = _("Middenveld back office")
    site_title = _("Back office")
    index_title = _("What do you want to manage?")
    site_url = "/"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._extra_views: list[Any] = []

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(rules.is_city_staff(request.user))

    def page_context(self, request: HttpRequest) -> dict[str, Any]:
        """``each_context`` without the side menu of every model: for busy pages (the
        inbox) whose own links are what matters; listing every model costs a permission
        check and a URL per model on each request."""
        script_name = request.META.get("SCRIPT_NAME", "")
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": script_name if self.site_url == "/" and script_name else self.site_url,
            "has_permission": self.has_permission(request),
            "available_apps": [],
            "is_popup": False,
            "is_nav_sidebar_enabled": False,
        }

    def register_view(self, route: str, view: Any, name: str) -> None:
        """A back-office page that is not about one model (the staff inbox).

        The view is wrapped by ``admin_view`` (signed-in city staff only) and
        named ``beheer:<name>``.
        """
        self._extra_views.append((route, view, name))

    def get_urls(self) -> list[Any]:
        from django.urls import path

        extra = [
            path(route, self.admin_view(view), name=name) for route, view, name in self._extra_views
        ]
        return extra + super().get_urls()

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return platform_login(request, extra_context)


def platform_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Both admin sites sign people in through the platform's own, throttled sign-in."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or request.get_full_path()
    if request.user.is_authenticated:
        # Signed in but without access: say so rather than loop back to the sign-in page.
        raise PermissionDenied
    return redirect_to_login(target, reverse("accounts:login"))


staff_site = StaffAdminSite(name="beheer")
admin.site.login = platform_login  # type: ignore[method-assign]


class RulesModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose permissions come from a named rule."""

    permission = "trajectory.edit_content"

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(rules.check(self.permission, request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)


class MissingTranslationsMixin:
    """Shows which languages still lack a text, in the list and on the form."""

    translated_fields: tuple[str, ...] = ()

    @admin.display(description=_("Missing translations"))
    def missing_translations(self, obj: Any) -> str:
        missing = missing_languages(obj, self.translated_fields)
        return ", ".join(code.upper() for code in missing) or "—"

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        if request.method == "GET":
            obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
            if obj is not None:
                missing = missing_languages(obj, self.translated_fields)
                if missing:
                    messages.warning(
                        request,
                        _(
                            "This text is not yet translated into: %(languages)s. "
                            "Visitors in those languages see the Dutch text, with a notice."
                        )
                        % {"languages": ", ".join(code.upper() for code in missing)},
                    )
        return response


class RulesInlineMixin:
    """Inline permissions from the same named rule as the page they sit on."""

    permission = "trajectory.edit_content"

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(rules.check(self.permission, request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)
