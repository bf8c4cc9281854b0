"""Speed of the support mail reader: ``.venv/bin/python bench/inbound_maildir.py``.

Measures the whole reader as it runs in production: ``manage.py read_support_mail --maildir``
over ``--messages`` generated mails (default 2,000), that is parse + database + attachments +
receipts + moving each message to ``cur/``. The mix is fixed by ``--seed``: new questions and
replies to existing questions (by References or the plus-address, from the asker's address),
plain text with quoted history, multipart/alternative, HTML-only newsletters with an inline
picture, mails with a PDF or Word attachment of 50-800 KB, a few auto-replies, a few mails read
twice (duplicates) and a few that must be kept aside (garbage, a stranger using a token, a zip).

The database is fresh and migrated: PostgreSQL when ``DATABASE_URL`` points at a PostgreSQL
server (the database ``middenveld_mail_bench`` on it is dropped and created again;
``BENCH_DB_NAME`` changes the name, which must contain ``bench``), SQLite otherwise
(``var/bench-mail/bench.sqlite3``). Attachments go to a temporary private storage folder; mail
goes to Django's in-memory backend (rendered, not sent).

    .venv/bin/python bench/inbound_maildir.py                      # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/inbound_maildir.py

First the parser alone is timed over the same Maildir (no database), for comparison. The issue's
target is for the whole reader: at least 50 messages per second. Exit status 1 when the run is
slower than that, or a message was not stored.
"""

from __future__ import annotations

import argparse
import io
import mailbox
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_PER_SECOND = 50.0
DOMAIN = "middenveld.example"
ASKERS = 200  # questions that exist before the run, for the replies
NAMES = ["Fatima El Amrani", "Jan De Smet", "Özlem Yılmaz", "René Declercq", "Anouk Peeters"]
TOPICS = [
    "een zaal voor 40 mensen",
    "de subsidie voor ons buurtfeest",
    "het verslag van de vergadering",
    "de sleutel van het buurthuis",
    "onze erkenning als vereniging",
]
SENTENCE = (
    "Wij willen graag weten hoe we {topic} kunnen aanvragen, en wat we daarvoor moeten "
    "indienen. Kan iemand ons helpen? Alvast bedankt voor uw antwoord. "
)


def _body(rng: random.Random, topic: str, *, reply: bool) -> str:
    lines = [f"Dag,\n\n{SENTENCE.format(topic=topic) * rng.randint(1, 4)}\n\nGroet,\nIemand"]
    if reply:  # a reply quoting the history
        quoted = "\n".join("> " + line for line in (SENTENCE.format(topic=topic) * 6).split(". "))
        lines.append(f"\nOp 3 maart schreef Vragen Middenveld:\n{quoted}")
    return "\n".join(lines)


def _html(text: str) -> str:
    paragraphs = "".join(f"<p style='margin:0 0 12px'>{p}</p>" for p in text.split("\n\n"))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>p{font-family:Arial}</style>"
        f"</head><body><table><tr><td>{paragraphs}"
        "<a href='https://example.org/afmelden'>Afmelden</a></td></tr></table>"
        "<script>track()</script></body></html>"
    )


def _png(rng: random.Random) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (90, 60), rng.randbytes(90 * 60 * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _docx(rng: random.Random, size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.bin", rng.randbytes(size))  # stored, not deflated
    return buffer.getvalue()


def message(rng: random.Random, n: int, tokens: list[str], png: bytes) -> bytes:
    """One mail; about 40 % replies to an existing question, 60 % new questions."""
    name = rng.choice(NAMES)
    topic = rng.choice(TOPICS)
    mail = EmailMessage()
    reply = rng.random() < 0.4
    if reply:
        k = rng.randrange(len(tokens))
        token = tokens[k]
        mail["From"] = f"{name} <asker{k}@example.org>"
        if rng.random() < 0.5:
            mail["To"] = f"vragen+{token}@{DOMAIN}"
        else:
            mail["To"] = f"vragen@{DOMAIN}"
            mail["In-Reply-To"] = f"<ticket-{token}.{rng.randrange(16**16):016x}@{DOMAIN}>"
            mail["References"] = mail["In-Reply-To"]
        mail["Subject"] = f"Re: Vraag over {topic} [#{token}]"
    else:
        mail["From"] = f"{name} <person{n}@example.org>"
        mail["To"] = f"vragen@{DOMAIN}"
        mail["Subject"] = f"Vraag over {topic}"
    mail["Date"] = format_datetime(datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=n))
    mail["Message-ID"] = make_msgid(domain="example.org")
    mail["Authentication-Results"] = "mx.provider.example; dmarc=pass header.from=example.org"
    if rng.random() < 0.02:
        mail["Auto-Submitted"] = "auto-replied"
    text = _body(rng, topic, reply=reply)
    kind = rng.choices(["plain", "alternative", "html", "attachment"], [40, 30, 15, 15])[0]
    if kind == "html":
        mail.set_content(_html(text), subtype="html")
        mail.add_related(png, "image", "png", cid="<logo@example.org>")
    else:
        mail.set_content(text)
        if kind == "alternative":
            mail.add_alternative(_html(text), subtype="html")
        if kind == "attachment":
            size = rng.randint(50_000, 800_000)
            if rng.random() < 0.7:
                mail.add_attachment(
                    b"%PDF-1.7\n" + rng.randbytes(size), "application", "pdf",
                    filename="statuten.pdf",
                )  # fmt: skip
            else:
                mail.add_attachment(
                    _docx(rng, size),
                    "application",
                    "vnd.openxmlformats-officedocument.wordprocessingml.document",
                    filename="verslag vergadering.docx",
                )
    return mail.as_bytes()


def bad_messages(rng: random.Random, tokens: list[str]) -> list[bytes]:
    """A few mails that must be kept aside: garbage, a stranger with a token, a zip."""
    stranger = EmailMessage()
    stranger["From"] = "stranger@example.net"
    stranger["To"] = f"vragen+{tokens[0]}@{DOMAIN}"
    stranger["Subject"] = "Re: iets"
    stranger["Message-ID"] = make_msgid(domain="example.net")
    stranger.set_content("Ik wil meelezen.")
    zipped = EmailMessage()
    zipped["From"] = "zip@example.org"
    zipped["To"] = f"vragen@{DOMAIN}"
    zipped["Subject"] = "Bijlage"
    zipped["Message-ID"] = make_msgid(domain="example.org")
    zipped.set_content("Zie de zip.")
    zipped.add_attachment(rng.randbytes(10_000), "application", "zip", filename="bijlage.zip")
    return [b"\x00\xff garbage", stranger.as_bytes(), zipped.as_bytes()]


def _setup_django(var_dir: Path, private_dir: Path) -> str:
    from bench.database import prepare

    os.environ.setdefault("BENCH_DB_NAME", "middenveld_mail_bench")
    database = prepare(os.environ.get("DATABASE_URL", ""), var_dir)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database.url,
            "DEBUG": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASK_BACKEND": "immediate",
            "PRIVATE_STORAGE": "django.core.files.storage.FileSystemStorage",
            "PRIVATE_MEDIA_ROOT": str(private_dir),
            "SUPPORT_MAIL_DOMAIN": DOMAIN,
            "SUPPORT_QUESTIONS_PER_HOUR": "1000",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return f"{database.engine} ({database.label})"


def _seed_questions(count: int) -> list[str]:
    from middenveld.support.services import question_ask

    return [
        question_ask(
            body="Waar vind ik een zaal voor 40 mensen?",
            subject="Zaal",
            email=f"asker{k}@example.org",
            send_receipt=False,
            rate_limit=False,
        ).token
        for k in range(count)
    ]


def _parse_only(path: Path) -> tuple[int, float]:
    from middenveld.support.inbound import UnparseableMail, parse_message, read_maildir

    parsed = 0
    start = time.perf_counter()
    for _key, raw in read_maildir(path):
        try:
            parse_message(raw)
        except UnparseableMail:
            continue
        parsed += 1
    return parsed, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="inbound-bench-") as folder:
        engine = _setup_django(ROOT / "var" / "bench-mail", Path(folder) / "private")
        from django.core import mail as django_mail
        from django.core.management import call_command

        from middenveld.support.models import Attachment, Message, QuarantinedMail, Question

        tokens = _seed_questions(ASKERS)
        png = _png(rng)
        path = Path(folder) / "vragen"
        box = mailbox.Maildir(path, create=True)
        total_bytes = 0
        raws = [message(rng, n, tokens, png) for n in range(args.messages - 13)]
        raws += rng.sample(raws, 10)  # read twice: duplicates
        raws += bad_messages(rng, tokens)
        rng.shuffle(raws)
        for raw in raws:
            total_bytes += len(raw)
            box.add(raw)

        cpu = time.process_time()
        parsed, parse_seconds = _parse_only(path)
        parse_cpu = time.process_time() - cpu
        before = Counter(
            questions=Question.objects.count(),
            messages=Message.objects.count(),
            attachments=Attachment.objects.count(),
        )
        output = io.StringIO()
        start, cpu = time.perf_counter(), time.process_time()
        failed = 0
        try:
            if os.environ.get("BENCH_PROFILE"):
                import cProfile

                cProfile.runctx(
                    "call_command('read_support_mail', '--maildir', str(path), stdout=output)",
                    globals(),
                    locals(),
                    os.environ["BENCH_PROFILE"],
                )
            else:
                call_command("read_support_mail", "--maildir", str(path), stdout=output)
        except Exception as error:  # CommandError: some messages were not stored
            failed = 1
            print(f"read_support_mail: {error}", file=sys.stderr)
        seconds = time.perf_counter() - start
        reader_cpu = time.process_time() - cpu
        left = len(list(path.joinpath("new").iterdir()))
        stored = Counter(
            questions=Question.objects.count() - before["questions"],
            messages=Message.objects.count() - before["messages"],
            attachments=Attachment.objects.count() - before["attachments"],
            kept_aside=QuarantinedMail.objects.count(),
        )
        sent = len(getattr(django_mail, "outbox", []))
    count = len(raws)
    rate = count / seconds if seconds else float("inf")
    summary = re.sub(r"\s+", " ", output.getvalue()).strip()
    print(f"database: {engine}")
    print(
        f"{count} messages ({total_bytes / 1e6:.1f} MB) in a Maildir; parser alone: "
        f"{parsed / parse_seconds:.0f} messages/s ({parse_cpu * 1000 / parsed:.1f} ms CPU each)"
    )
    print(f"read_support_mail: {summary}")
    print(
        f"stored: {stored['questions']} questions, {stored['messages']} messages, "
        f"{stored['attachments']} attachments, {stored['kept_aside']} kept aside; "
        f"{sent} mails rendered; {left} left unread"
    )
    print(
        f"whole reader: {seconds:.2f} s, {rate:.0f} messages/s, "
        f"{total_bytes / 1e6 / seconds:.1f} MB/s (target >= {TARGET_PER_SECOND:.0f}/s); "
        f"{reader_cpu * 1000 / count:.1f} ms CPU of this process per message "
        f"({count / reader_cpu:.0f} messages per CPU second; the database server's CPU not counted)"
    )
    return 0 if rate >= TARGET_PER_SECOND and not failed and not left else 1


if __name__ == "__main__":
    sys.exit(main())
