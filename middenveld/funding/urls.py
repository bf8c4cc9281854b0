"""Funding's pages (Dutch paths), one module per audience: the public (``urls_public``),
applicants (``urls_apply``), staff and assessors (``urls_staff``), agreements and
distributions (``urls_agreements``)."""

from middenveld.funding import urls_agreements, urls_apply, urls_public, urls_staff

app_name = "funding"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_apply.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_agreements.urlpatterns,
]
