"""Speed of the support mail reader: ``.venv/bin/python bench/inbound_maildir.py``.

Fills a temporary Maildir with ``--messages`` realistic messages (default 2,000; a fixed mix of
plain replies with quoted history, multipart/alternative, HTML-only newsletters with an inline
image, and mails with a PDF or Word attachment of 50-800 KB) and times ``read_maildir`` plus
``parse_message`` over all of them, as the mail-reading command will. Pure standard library: no
database, no Django. The issue's target: at least 50 messages per second. Exit status 1 when
the run is slower than that or a message raised.
"""

from __future__ import annotations

import argparse
import mailbox
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from middenveld.support.inbound import (  # noqa: E402
    UnparseableMail,
    message_id_for,
    parse_message,
    read_maildir,
    reply_address_for,
    subject_tag,
)

TARGET_PER_SECOND = 50.0
DOMAIN = "middenveld.example"
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


def _body(rng: random.Random, topic: str) -> str:
    lines = [f"Dag,\n\n{SENTENCE.format(topic=topic) * rng.randint(1, 4)}\n\nGroet,\nIemand"]
    if rng.random() < 0.6:  # a reply quoting the history
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


def message(rng: random.Random, n: int) -> bytes:
    token = f"{n:04d}vraag{rng.randrange(10**6):06d}"
    name = rng.choice(NAMES)
    topic = rng.choice(TOPICS)
    mail = EmailMessage()
    mail["From"] = f"{name} <person{n}@example.org>"
    mail["To"] = reply_address_for(token, DOMAIN) if rng.random() < 0.5 else f"vragen@{DOMAIN}"
    mail["Subject"] = f"Re: Vraag over {topic} {subject_tag(token)}"
    mail["Date"] = format_datetime(datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=n))
    mail["Message-ID"] = make_msgid(domain="example.org")
    mail["In-Reply-To"] = message_id_for(token, DOMAIN)
    mail["References"] = mail["In-Reply-To"]
    mail["Authentication-Results"] = "mx.provider.example; dmarc=pass header.from=example.org"
    text = _body(rng, topic)
    kind = rng.choices(["plain", "alternative", "html", "attachment"], [40, 30, 15, 15])[0]
    if kind == "html":
        mail.set_content(_html(text), subtype="html")
        mail.add_related(rng.randbytes(20_000), "image", "png", cid="<logo@example.org>")
    else:
        mail.set_content(text)
        if kind == "alternative":
            mail.add_alternative(_html(text), subtype="html")
        if kind == "attachment":
            size = rng.randint(50_000, 800_000)
            if rng.random() < 0.7:
                mail.add_attachment(
                    b"%PDF-1.7\n" + rng.randbytes(size),
                    "application",
                    "pdf",
                    filename="statuten.pdf",
                )
            else:
                mail.add_attachment(
                    b"PK\x03\x04" + rng.randbytes(size),
                    "application",
                    "vnd.openxmlformats-officedocument.wordprocessingml.document",
                    filename="verslag vergadering.docx",
                )
    return mail.as_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="inbound-bench-") as folder:
        path = Path(folder) / "vragen"
        box = mailbox.Maildir(path, create=True)
        total_bytes = 0
        for n in range(args.messages):
            raw = message(rng, n)
            total_bytes += len(raw)
            box.add(raw)
        problems: Counter[str] = Counter()
        parsed = failed = with_token = attachments = 0
        start = time.perf_counter()
        for _key, raw in read_maildir(path):
            try:
                mail = parse_message(raw)
            except UnparseableMail:
                failed += 1
                continue
            parsed += 1
            with_token += mail.reply_token is not None
            attachments += len(mail.attachments)
            problems.update(mail.problems)
        seconds = time.perf_counter() - start
    rate = parsed / seconds if seconds else float("inf")
    print(
        f"{parsed} messages ({total_bytes / 1e6:.1f} MB, {attachments} attachments, "
        f"{with_token} with a reply token) read and parsed in {seconds:.2f} s"
    )
    print(
        f"{rate:.0f} messages/s, {total_bytes / 1e6 / seconds:.1f} MB/s (target >= {TARGET_PER_SECOND:.0f}/s)"
    )
    print(f"problems: {dict(problems) or 'none'}; unparseable: {failed}")
    return 0 if rate >= TARGET_PER_SECOND and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
