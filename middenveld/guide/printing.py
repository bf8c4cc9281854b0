"""The checklist as a PDF, in the reader's language (``middenveld.core.pdf``)."""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from middenveld.core.pdf import ChecklistItem, PdfDocument
from middenveld.guide.selectors import Checklist


def owner_label(checklist: Checklist) -> str:
    owner = checklist.owner
    if owner.organisation is not None:
        return owner.organisation.name
    return owner.user.get_full_name()


def checklist_pdf(checklist: Checklist, *, language: str) -> bytes:
    """One page per few steps: each step's tasks with a ticked or empty box, and who ticked."""
    with translation.override(language):
        who = owner_label(checklist)
        today = formats.date_format(timezone.localdate(), "j F Y")
        doc = PdfDocument(
            title=_("Starter's guide: checklist of %(owner)s") % {"owner": who},
            language=language,
            subject=_("Starter's guide"),
            footer=_("Printed on %(day)s") % {"day": today},
        )
        doc.paragraph(
            _("%(done)s of %(total)s tasks done.")
            % {"done": checklist.done, "total": checklist.total}
        )
        for state in checklist.steps:
            if not state.tasks:
                continue
            doc.heading(
                _("%(step)s (%(done)s of %(total)s done)")
                % {"step": state.step.title, "done": state.done, "total": state.total}
            )
            items = []
            for task, tick in state.tasks:
                note = ""
                if tick is not None:
                    day = formats.date_format(timezone.localtime(tick.done_at), "j F Y")
                    note = _("Done on %(day)s") % {"day": day}
                items.append(ChecklistItem(task.title, done=tick is not None, note=note))
            doc.checklist(items)
        return doc.render()
