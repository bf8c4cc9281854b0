"""Demo content for the trajectory pages, in every language we have texts for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from middenveld.core.seeding import SeedContext, seeder
from middenveld.trajectory import models
from middenveld.trajectory.content import nl


def _translations() -> dict[str, ModuleType]:
    found = {}
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        try:
            found[code] = import_module(f"middenveld.trajectory.content.{code}")
        except ModuleNotFoundError:
            continue
    return found


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (ASCII), made without any library."""
    safe = (
        text.encode("ascii", "replace")
        .decode()
        .replace("\\", "\\\\")
        .replace("(", "\\(")
        .replace(")", "\\)")
    )
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@seeder(order=20)
def seed_trajectory(ctx: SeedContext) -> None:
    langs = _translations()
    created = 0

    for order, (key, (title, body)) in enumerate(nl.SECTIONS.items()):
        values: dict[str, Any] = {"title_nl": title, "body_nl": body, "order": order}
        for code, mod in langs.items():
            if key in getattr(mod, "SECTIONS", {}):
                values[f"title_{code}"], values[f"body_{code}"] = mod.SECTIONS[key]
        _obj, was = models.Section.objects.update_or_create(key=key, defaults=values)
        created += was

    workstreams: dict[str, models.Workstream] = {}
    for slug, (number, title, summary, body) in nl.WORKSTREAMS.items():
        values = {"number": number, "title_nl": title, "summary_nl": summary, "body_nl": body}
        for code, mod in langs.items():
            if slug in getattr(mod, "WORKSTREAMS", {}):
                t, s, b = mod.WORKSTREAMS[slug]
                values.update({f"title_{code}": t, f"summary_{code}": s, f"body_{code}": b})
        workstreams[slug], was = models.Workstream.objects.update_or_create(
            slug=slug, defaults=values
        )
        created += was

    for index, (ws, title, description, status, progress, milestones) in enumerate(nl.ACTIONS):
        values = {
            "description_nl": description,
            "status": status,
            "progress": progress,
            "order": index,
        }
        translated = {
            code: mod.ACTIONS[index]
            for code, mod in langs.items()
            if len(getattr(mod, "ACTIONS", [])) > index
        }
        for code, (t, d, _m) in translated.items():
            values.update({f"title_{code}": t, f"description_{code}": d})
        action, was = models.Action.objects.update_or_create(
            workstream=workstreams[ws], title_nl=title, defaults=values
        )
        created += was
        for m_index, (m_title, due, reached) in enumerate(milestones):
            m_values: dict[str, Any] = {"reached": reached, "due_on": date.fromisoformat(due)}
            for code, (_t, _d, m_list) in translated.items():
                if len(m_list) > m_index:
                    m_values[f"title_{code}"] = m_list[m_index][0]
            _m, was = models.ActionMilestone.objects.update_or_create(
                action=action, title_nl=m_title, defaults=m_values
            )
            created += was

    for key, start, end, title, body, entry_ws in nl.TIMELINE:
        values = {
            "starts_on": date.fromisoformat(start),
            "ends_on": date.fromisoformat(end) if end else None,
            "body_nl": body,
            "workstream": workstreams.get(entry_ws) if entry_ws else None,
        }
        for code, mod in langs.items():
            if key in getattr(mod, "TIMELINE", {}):
                values[f"title_{code}"], values[f"body_{code}"] = mod.TIMELINE[key]
        _e, was = models.TimelineEntry.objects.update_or_create(title_nl=title, defaults=values)
        created += was

    for key, title, description, kind, published, doc_ws in nl.DOCUMENTS:
        values = {
            "description_nl": description,
            "kind": kind,
            "published_on": date.fromisoformat(published),
            "workstream": workstreams.get(doc_ws) if doc_ws else None,
        }
        for code, mod in langs.items():
            if key in getattr(mod, "DOCUMENTS", {}):
                values[f"title_{code}"], values[f"description_{code}"] = mod.DOCUMENTS[key]
        doc = models.Document.objects.filter(title_nl=title).first() or models.Document(
            title_nl=title
        )
        was = doc.pk is None
        for field, value in values.items():
            setattr(doc, field, value)
        if not doc.file and not doc.url:
            if kind == models.DocumentKind.RECORDING:
                doc.url = "https://stad.gent/"
            else:
                doc.file.save(
                    f"{key}.pdf", ContentFile(minimal_pdf(f"Middenveld demo - {key}")), save=False
                )
        doc.save()
        created += was

    for slug, title, summary, body, published in nl.NEWS:
        values = {
            "title_nl": title,
            "summary_nl": summary,
            "body_nl": body,
            "published_at": datetime.fromisoformat(published),
        }
        for code, mod in langs.items():
            if slug in getattr(mod, "NEWS", {}):
                t, s, b = mod.NEWS[slug]
                values.update({f"title_{code}": t, f"summary_{code}": s, f"body_{code}": b})
        _n, was = models.NewsItem.objects.update_or_create(slug=slug, defaults=values)
        created += was

    contact_values = {
        f"{k}_nl" if k in ("intro", "opening_hours") else k: v for k, v in nl.CONTACT.items()
    }
    for code, mod in langs.items():
        for k, v in getattr(mod, "CONTACT", {}).items():
            contact_values[f"{k}_{code}"] = v
    _c, was = models.ContactInfo.objects.update_or_create(singleton=True, defaults=contact_values)
    created += was

    created += _seed_generated(ctx, langs, list(workstreams.values()))
    ctx.count("trajectory content", created)


def _seed_generated(
    ctx: SeedContext, langs: dict[str, ModuleType], workstreams: list[models.Workstream]
) -> int:
    """Volume for lists and benchmarks: 20 news items and 30 documents per scale step."""
    created = 0
    rng = ctx.random
    base = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    for number in range(1, 20 * ctx.scale + 1):
        values: dict[str, Any] = {
            "title_nl": nl.GENERATED["news_title"].format(number=number),
            "summary_nl": nl.GENERATED["news_summary"],
            "body_nl": nl.GENERATED["news_body"],
            "published_at": base + timedelta(days=number % 600, hours=number % 7),
        }
        for code, mod in langs.items():
            gen = getattr(mod, "GENERATED", None)
            if gen:
                values.update(
                    {
                        f"title_{code}": gen["news_title"].format(number=number),
                        f"summary_{code}": gen["news_summary"],
                        f"body_{code}": gen["news_body"],
                    }
                )
        _n, was = models.NewsItem.objects.update_or_create(
            slug=f"demo-nieuws-{number:05d}", defaults=values
        )
        created += was
    kinds = [models.DocumentKind.DOCUMENT, models.DocumentKind.REPORT]
    for number in range(1, 30 * ctx.scale + 1):
        values = {
            "description_nl": nl.GENERATED["document_description"],
            "kind": kinds[number % 2],
            "published_on": date(2025, 1, 1) + timedelta(days=number % 600),
            "workstream": workstreams[rng.randrange(len(workstreams))] if workstreams else None,
            "url": f"https://stad.gent/?demo-document={number}",
        }
        for code, mod in langs.items():
            gen = getattr(mod, "GENERATED", None)
            if gen:
                values[f"title_{code}"] = gen["document_title"].format(number=number)
                values[f"description_{code}"] = gen["document_description"]
        _d, was = models.Document.objects.update_or_create(
            title_nl=nl.GENERATED["document_title"].format(number=number), defaults=values
        )
        created += was
    return created
