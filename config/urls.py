from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from middenveld.api.router import api
from middenveld.core import views as core_views
from middenveld.core.admin_site import staff_site

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("ping", core_views.trivial, name="ping"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# The public pages come first: URL resolution tries patterns in order, and the
# most visited pages should not wait behind the back office's hundreds of routes.
urlpatterns += i18n_patterns(
    path("", include("middenveld.trajectory.urls")),
    path("", include("middenveld.organisations.urls")),
    path("", include("middenveld.support.urls")),
    path("", include("middenveld.knowledge.urls")),
    path("", include("middenveld.guide.urls")),
    path("", include("middenveld.coaching.urls")),
    # Ballots before participation: /inspraak/stemmingen/ is not a process's slug.
    path("", include("middenveld.ballots.urls")),
    path("", include("middenveld.participation.urls")),
    path("", include("middenveld.events.urls")),
    path("", include("middenveld.spaces.urls")),
    path("", include("middenveld.parliament.urls")),
    path("", include("middenveld.funding.urls")),
    path("", include("middenveld.city.urls")),
    path("", include("middenveld.accounts.urls")),
    path("beheer/", staff_site.urls),
    prefix_default_language=False,
)

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploads on the local file system (documents); a scaled setup uses object storage.
    urlpatterns += [path("media/<path:path>", core_views.media, name="media")]

handler400 = "middenveld.core.views.bad_request"
handler403 = "middenveld.core.views.permission_denied"
handler404 = "middenveld.core.views.page_not_found"
handler500 = "middenveld.core.views.server_error"
