"""Every address of the spaces module, in the ``spaces`` namespace. Each part of the
module keeps its own list."""

from middenveld.spaces import urls_allocation, urls_feeds, urls_opendata, urls_public

app_name = "spaces"

urlpatterns = (
    urls_opendata.urlpatterns
    + urls_allocation.urlpatterns
    + urls_feeds.urlpatterns
    + urls_public.urlpatterns
)
