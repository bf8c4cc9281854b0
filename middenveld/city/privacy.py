"""A person's notifications, digest choice and teams in their data export; erasing removes them."""

from __future__ import annotations

from typing import Any

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.city.models import Notification, NotificationSetting, TeamMember


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("notifications")
def notifications_export(user: Any) -> dict[str, Any]:
    setting = NotificationSetting.objects.filter(user_id=user.pk).first()
    return {
        "daily_digest": setting.daily_digest if setting else True,
        "teams": [
            {"team": str(m.team), "team_lead": m.is_lead}
            for m in TeamMember.objects.filter(user_id=user.pk).select_related("team__department")
        ],
        "notifications": [
            {
                "text": n.text,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.filter(recipient_id=user.pk).order_by("created_at", "id")
        ],
    }


@register_eraser("notifications")
def notifications_erase(user: Any) -> None:
    Notification.objects.filter(recipient_id=user.pk).delete()
    NotificationSetting.objects.filter(user_id=user.pk).delete()
    TeamMember.objects.filter(user_id=user.pk).delete()
