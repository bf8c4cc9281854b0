"""Who may do what with the knowledge base. ``obj`` is an Article."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_city_staff, predicate
from middenveld.knowledge.models import ArticleStatus


@predicate(_("This article is not published."))
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and obj.status == ArticleStatus.PUBLISHED


rules.register("knowledge.manage_articles", is_city_staff)
rules.register("knowledge.view_article", is_published | is_city_staff)
