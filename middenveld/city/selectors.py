"""Reading a person's notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from middenveld.city.models import Notification


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def notifications_unread(user: Any) -> QuerySet[Notification]:
    """Unread ones, newest first (index ``city_notif_unread``)."""
    return notifications_of(user).filter(read_at__isnull=True)
