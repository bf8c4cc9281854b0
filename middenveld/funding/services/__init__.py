"""Every write of the funding module, one module per part (ADR 22).

* ``common``: the log of state changes and references.
* ``budget``: budgets, lines, transfers; committing and paying money on a line.
* ``awards``: awards (from a decision, a distribution or an agreement), payments,
  reclaims, report obligations.
* ``applications``: drafting, attachments, submitting, returning, withdrawing.
* ``assessment``: assessors, conflicts, blind scores.
* ``decisions``: the decision on an application (a frozen snapshot, then ``award_create``).
* ``reports``: activity and financial reports, the balance payment, reminders.
* ``setup``: regulation versions (YAML/JSON import) and calls with their form and rubric.
* ``agreements`` and ``distribution``: multi-year agreements and distribution rules.
"""
