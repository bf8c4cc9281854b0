"""The JSON API under /api/v1/. Each app contributes a router from its api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="Middenveld API", version="1", urls_namespace="api")
