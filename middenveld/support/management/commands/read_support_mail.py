"""``manage.py read_support_mail [--maildir PATH | --imap] [--limit N]``: mail into the desk.

Reads the messages not yet seen, hands each to ``mailbox.mail_receive`` (a new question, a
reply in its thread, or kept aside for staff), and marks a message as read only after it is
stored. A message that could not be stored at all stays unread for the next run, and the
command then ends with an error status, so that cron or a monitor notices.

Run it every minute or so from cron or a systemd timer. Maildir is the folder of the support
mailbox (``SUPPORT_MAILDIR``, as Dovecot, Postfix or fetchmail write it); IMAP uses
``SUPPORT_IMAP_HOST`` (``host`` or ``host:port``, always over TLS), ``SUPPORT_IMAP_USER``,
``SUPPORT_IMAP_PASSWORD`` and ``SUPPORT_IMAP_FOLDER``.
"""

from __future__ import annotations

import imaplib
import ssl
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.support import inbound
from middenveld.support.mailbox import (
    DUPLICATE,
    FOLLOW_UP,
    KEPT_ASIDE,
    NEW_QUESTION,
    MailNotStored,
    mail_receive,
)

IMAP_TIMEOUT = 60  # seconds
IMAP_SSL_PORT = 993


class Command(BaseCommand):
    help = (
        "Read new e-mail of the support mailbox (a Maildir folder, or IMAP with --imap) and turn "
        "each message into a question, a reply to a question, or a mail kept aside for staff."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--maildir",
            metavar="PATH",
            help="The Maildir folder to read (default: the SUPPORT_MAILDIR setting).",
        )
        source.add_argument(
            "--imap",
            action="store_true",
            help="Read the IMAP mailbox of the SUPPORT_IMAP_* settings.",
        )
        parser.add_argument(
            "--limit", type=int, default=0, metavar="N", help="Read at most N messages (0: all)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit < 0:
            raise CommandError("--limit must be 0 (no limit) or more.")
        self.counts: Counter[str] = Counter()
        self.verbosity = options["verbosity"]
        if options["imap"]:
            self._read_imap(limit)
        else:
            self._read_maildir(options["maildir"] or settings.SUPPORT_MAILDIR, limit)
        counts = self.counts
        summary = (
            f"{counts[NEW_QUESTION]} new questions, {counts[FOLLOW_UP]} replies, "
            f"{counts[KEPT_ASIDE]} kept aside, {counts[DUPLICATE]} duplicates"
        )
        if counts["failed"]:
            self.stdout.write(summary)
            raise CommandError(
                f"{counts['failed']} messages could not be stored; they stay unread for the next run."
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def _receive(self, raw: bytes, source: str, label: str) -> bool:
        """Store one message; True when it may be marked as read."""
        try:
            outcome = mail_receive(raw, source=source)
        except MailNotStored as error:
            self.counts["failed"] += 1
            self.stderr.write(f"{label}: not stored, left unread: {error}")
            return False
        self.counts[outcome.kind] += 1
        if self.verbosity >= 2:
            what = outcome.kind
            if outcome.question is not None:
                what += f" {outcome.question.reference}"
            if outcome.reason:
                what += f" ({outcome.reason})"
            self.stdout.write(f"{label}: {what}")
        return True

    # --- Maildir -------------------------------------------------------------------------

    def _read_maildir(self, path: str, limit: int) -> None:
        try:
            messages = inbound.read_maildir(path)
            for key, raw in islice(messages, limit or None):
                if self._receive(raw, "maildir", key):
                    # KeyError: another reader moved it meanwhile; it is stored all the same.
                    with suppress(KeyError):
                        inbound.mark_seen(path, key)
        except (FileNotFoundError, NotADirectoryError, PermissionError) as error:
            raise CommandError(f"Cannot read the Maildir {path}: {error}") from error

    # --- IMAP ----------------------------------------------------------------------------

    def _read_imap(self, limit: int) -> None:
        host = settings.SUPPORT_IMAP_HOST
        if not host:
            raise CommandError("Set SUPPORT_IMAP_HOST (and _USER, _PASSWORD) to read by IMAP.")
        name, _sep, port = host.rpartition(":") if ":" in host else (host, "", "")
        try:
            client = imaplib.IMAP4_SSL(
                name or host,
                int(port) if port else IMAP_SSL_PORT,
                ssl_context=ssl.create_default_context(),
                timeout=IMAP_TIMEOUT,
            )
        except (OSError, ValueError, imaplib.IMAP4.error) as error:
            raise CommandError(f"Cannot connect to the IMAP server {host}: {error}") from error
        try:
            client.login(settings.SUPPORT_IMAP_USER, settings.SUPPORT_IMAP_PASSWORD)
            status, _data = client.select(_quoted(settings.SUPPORT_IMAP_FOLDER or "INBOX"))
            if status != "OK":
                raise CommandError(
                    f"The IMAP folder {settings.SUPPORT_IMAP_FOLDER} does not exist."
                )
            for uid, raw in _unseen(client, limit):
                if self._receive(raw, "imap", f"uid {uid}"):
                    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        except (OSError, imaplib.IMAP4.error) as error:
            raise CommandError(f"The IMAP server {host} failed: {error}") from error
        finally:
            with suppress(OSError, imaplib.IMAP4.error):
                client.logout()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unseen(client: imaplib.IMAP4, limit: int) -> Iterator[tuple[str, bytes]]:
    """(uid, raw message) of each unseen message, oldest first, fetched without setting
    \\Seen (BODY.PEEK): the caller marks it after storing it."""
    status, data = client.uid("SEARCH", "UNSEEN")
    if status != "OK":
        raise imaplib.IMAP4.error(f"SEARCH UNSEEN answered {status}")
    uids = [uid.decode("ascii") for uid in (data[0] or b"").split()] if data else []
    if limit:
        uids = uids[:limit]
    for uid in uids:
        status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = next(
            (part[1] for part in parts or () if isinstance(part, tuple) and len(part) > 1),
            None,
        )
        if status != "OK" or not isinstance(raw, bytes):
            continue  # deleted meanwhile: nothing to store, nothing to mark
        yield uid, raw
