"""``manage.py read_support_mail``: a Maildir folder or an IMAP mailbox into the desk."""

from __future__ import annotations

import imaplib
import mailbox as stdlib_mailbox
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from middenveld.support.mailbox import MailNotStored
from middenveld.support.management.commands import read_support_mail as command
from middenveld.support.models import Message, QuarantinedMail, Question
from middenveld.support.tests.test_mailbox import ask, fixture, mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def maildir(tmp_path) -> Path:
    path = tmp_path / "vragen"
    stdlib_mailbox.Maildir(path, create=True)
    return path


def deliver(path: Path, *raws: bytes) -> list[str]:
    box = stdlib_mailbox.Maildir(path, create=False)
    return [box.add(raw) for raw in raws]


def run(*args: str) -> str:
    out = StringIO()
    call_command("read_support_mail", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def folder(path: Path, name: str) -> list[str]:
    return sorted(p.name for p in (path / name).iterdir())


# --- Maildir ------------------------------------------------------------------------------------


def test_new_mail_becomes_questions_and_is_marked_seen(maildir):
    keys = deliver(maildir, mail("Vraag een", sender="a@example.org"), mail("Vraag twee"))
    output = run("--maildir", str(maildir))
    assert "2 new questions, 0 replies, 0 kept aside, 0 duplicates" in output
    assert Question.objects.count() == 2
    assert folder(maildir, "new") == []
    assert folder(maildir, "cur") == sorted(f"{key}:2,S" for key in keys)


def test_the_default_maildir_is_the_setting(maildir, settings):
    settings.SUPPORT_MAILDIR = str(maildir)
    deliver(maildir, mail())
    assert "1 new questions" in run()


def test_a_mix_of_replies_bad_mail_and_duplicates_is_counted(maildir):
    question = ask()
    raw = mail(Message_ID="<twice@example.org>")
    deliver(
        maildir,
        fixture("reply_by_references.eml", question.token),
        fixture("garbage.eml"),
        raw,
        raw,
    )
    output = run("--maildir", str(maildir))
    assert "1 new questions, 1 replies, 1 kept aside, 1 duplicates" in output
    assert folder(maildir, "new") == []
    assert QuarantinedMail.objects.get().reason == "unparseable"


def test_limit_reads_only_that_many_and_the_rest_waits(maildir):
    deliver(maildir, *(mail(f"Vraag {n}", sender=f"p{n}@example.org") for n in range(3)))
    assert "2 new questions" in run("--maildir", str(maildir), "--limit", "2")
    assert len(folder(maildir, "new")) == 1
    assert "1 new questions" in run("--maildir", str(maildir))
    assert "0 new questions" in run("--maildir", str(maildir))  # nothing is read twice
    assert Question.objects.count() == 3


def test_a_message_is_marked_seen_only_after_it_is_stored(maildir, monkeypatch):
    [key] = deliver(maildir, mail(Message_ID="<stored-first@example.org>"))
    real_mark_seen = command.inbound.mark_seen
    seen = []

    def checking_mark_seen(path, key):
        assert Message.objects.filter(message_id="<stored-first@example.org>").exists()
        seen.append(key)
        real_mark_seen(path, key)

    monkeypatch.setattr(command.inbound, "mark_seen", checking_mark_seen)
    run("--maildir", str(maildir))
    assert seen == [key]


def test_a_message_that_cannot_be_stored_stays_unread_and_the_command_fails(maildir, monkeypatch):
    good, bad = mail("Goed", Message_ID="<good@example.org>"), mail("Slecht")
    keys = deliver(maildir, good, bad)
    real = command.mail_receive

    def flaky(raw, *, source):
        if raw == bad:
            raise MailNotStored("database down")
        return real(raw, source=source)

    monkeypatch.setattr(command, "mail_receive", flaky)
    with pytest.raises(CommandError, match="1 messages could not be stored"):
        run("--maildir", str(maildir))
    assert Question.objects.count() == 1
    assert folder(maildir, "new") == [keys[1]]  # read again on the next run
    monkeypatch.setattr(command, "mail_receive", real)
    assert "1 new questions" in run("--maildir", str(maildir))


def test_a_folder_that_is_no_maildir_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the Maildir"):
        run("--maildir", str(tmp_path / "nothing"))


def test_a_negative_limit_is_refused(maildir):
    with pytest.raises(CommandError, match="--limit"):
        run("--maildir", str(maildir), "--limit", "-1")


def test_verbose_output_names_each_message(maildir):
    [key] = deliver(maildir, fixture("garbage.eml"))
    out = StringIO()
    call_command("read_support_mail", "--maildir", str(maildir), verbosity=2, stdout=out)
    assert f"{key}: kept_aside (unparseable)" in out.getvalue()


# --- IMAP ---------------------------------------------------------------------------------------


class FakeIMAP:
    """Just enough of imaplib.IMAP4_SSL: a folder of messages with flags, and a log."""

    instances: list[FakeIMAP] = []
    messages: dict[str, bytes] = {}
    flags: dict[str, set[str]] = {}

    def __init__(self, host, port, *, ssl_context=None, timeout=None):
        self.host, self.port, self.ssl_context = host, port, ssl_context
        self.log: list[tuple] = []
        FakeIMAP.instances.append(self)

    def login(self, user, password):
        self.log.append(("login", user, password))
        return "OK", [b"logged in"]

    def select(self, folder):
        self.log.append(("select", folder))
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        self.log.append(("uid", command, *args))
        if command == "SEARCH":
            unseen = [u for u in self.messages if "\\Seen" not in self.flags[u]]
            return "OK", [" ".join(unseen).encode()]
        if command == "FETCH":
            uid, what = args
            assert what == "(BODY.PEEK[])"  # reading must not set \Seen
            raw = self.messages[uid]
            return "OK", [(f"{uid} (UID {uid} BODY[] {{{len(raw)}}}".encode(), raw), b")"]
        if command == "STORE":
            uid, _how, flag = args
            self.flags[uid].add(flag.strip("()"))
            return "OK", [b""]
        raise AssertionError(command)

    def logout(self):
        self.log.append(("logout",))
        return "BYE", [b""]


@pytest.fixture
def imap(monkeypatch, settings):
    settings.SUPPORT_IMAP_HOST = "imap.example.org"
    settings.SUPPORT_IMAP_USER = "vragen"
    settings.SUPPORT_IMAP_PASSWORD = "geheim"
    settings.SUPPORT_IMAP_FOLDER = "INBOX"
    FakeIMAP.instances = []
    FakeIMAP.messages = {}
    FakeIMAP.flags = {}
    monkeypatch.setattr(command.imaplib, "IMAP4_SSL", FakeIMAP)

    def add(*raws: bytes) -> None:
        for raw in raws:
            uid = str(len(FakeIMAP.messages) + 101)
            FakeIMAP.messages[uid] = raw
            FakeIMAP.flags[uid] = set()

    return add


def test_imap_reads_unseen_mail_and_marks_it_seen_after_storing(imap):
    imap(mail("Vraag een", sender="a@example.org"), fixture("garbage.eml"))
    output = run("--imap")
    assert "1 new questions, 0 replies, 1 kept aside, 0 duplicates" in output
    [client] = FakeIMAP.instances
    assert (client.host, client.port) == ("imap.example.org", 993)
    assert client.ssl_context is not None
    assert ("login", "vragen", "geheim") in client.log
    assert ("select", '"INBOX"') in client.log
    assert FakeIMAP.flags == {"101": {"\\Seen"}, "102": {"\\Seen"}}
    assert client.log[-1] == ("logout",)
    assert "0 new questions" in run("--imap")  # nothing unseen is left


def test_imap_leaves_a_message_unseen_when_it_could_not_be_stored(imap, monkeypatch):
    imap(mail("Goed"), mail("Slecht"))
    real = command.mail_receive

    def flaky(raw, *, source):
        if b"Slecht" in raw:
            raise MailNotStored("database down")
        return real(raw, source=source)

    monkeypatch.setattr(command, "mail_receive", flaky)
    with pytest.raises(CommandError):
        run("--imap")
    assert FakeIMAP.flags == {"101": {"\\Seen"}, "102": set()}
    assert ("uid", "STORE", "102", "+FLAGS", "(\\Seen)") not in FakeIMAP.instances[0].log


def test_imap_with_a_port_and_a_limit(imap, settings):
    settings.SUPPORT_IMAP_HOST = "imap.example.org:1993"
    imap(*(mail(f"Vraag {n}", sender=f"p{n}@example.org") for n in range(3)))
    assert "2 new questions" in run("--imap", "--limit", "2")
    assert FakeIMAP.instances[0].port == 1993


def test_imap_without_a_host_is_a_clear_error(settings):
    settings.SUPPORT_IMAP_HOST = ""
    with pytest.raises(CommandError, match="SUPPORT_IMAP_HOST"):
        run("--imap")


def test_imap_that_cannot_connect_is_a_clear_error(imap, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(command.imaplib, "IMAP4_SSL", refuse)
    with pytest.raises(CommandError, match="Cannot connect"):
        run("--imap")


def test_imap_with_a_wrong_password_is_a_clear_error(imap, monkeypatch):
    def wrong(self, user, password):
        raise imaplib.IMAP4.error("AUTHENTICATIONFAILED")

    monkeypatch.setattr(FakeIMAP, "login", wrong)
    with pytest.raises(CommandError, match="AUTHENTICATIONFAILED"):
        run("--imap")
