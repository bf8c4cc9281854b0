"""Notifications in the platform and the daily digest e-mail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from middenveld.city.models import Notification, NotificationSetting
from middenveld.core.mail import send_templated_mail


def notify(
    *,
    recipient: Any,
    kind: str,
    sentence: str | Promise,
    data: Mapping[str, Any] | None = None,
    url: str = "",
) -> Notification | None:
    """Leave a message for ``recipient``, written in their language."""
    if recipient is None or not recipient.is_active:
        return None
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        text = str(sentence) % dict(data or {}) if data else str(sentence)
    return Notification.objects.create(
        recipient=recipient, kind=kind[:60], text=text[:300], url=url[:300]
    )


def notifications_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the person's notifications read: the ones named, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def digest_setting_get(user: Any) -> NotificationSetting:
    setting = NotificationSetting.objects.filter(user=user).first()
    return setting or NotificationSetting(user=user)


def digest_set(*, user: Any, daily_digest: bool) -> NotificationSetting:
    setting, _created = NotificationSetting.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    return setting


def digests_send(*, now: Any = None) -> int:
    """Mail each person who wants it what happened since their last digest, once a day.

    Unread notifications not yet in a digest, plus the number of items waiting in
    their staff inbox. Nobody gets an empty digest or two in one day.
    """
    from middenveld.accounts.models import User
    from middenveld.city.inbox import inbox_for

    now = now or timezone.now()
    switched_off = NotificationSetting.objects.filter(daily_digest=False).values("user_id")
    recent = NotificationSetting.objects.filter(
        last_digest_at__gt=now - timedelta(hours=20)
    ).values("user_id")
    people = (
        User.objects.filter(is_active=True)
        .filter(
            notifications__digested_at__isnull=True,
            notifications__read_at__isnull=True,
        )
        .exclude(pk__in=switched_off)
        .exclude(pk__in=recent)
        .distinct()
    )
    sent = 0
    for person in people.iterator(chunk_size=200):
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(recipient=person, digested_at__isnull=True, read_at__isnull=True)
                .order_by("-created_at")[:50]
            )
            if not pending:
                continue
            waiting = inbox_for(person, limit=1).total if person.is_city_staff else 0
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=now)
            NotificationSetting.objects.update_or_create(
                user=person, defaults={"last_digest_at": now}
            )
            send_templated_mail(
                to=person.email,
                template="city/mail/digest",
                context={"person": person, "notifications": pending, "waiting": waiting},
                language=person.language,
            )
        sent += 1
    return sent
