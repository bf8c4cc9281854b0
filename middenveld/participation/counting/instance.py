"""The plain data that every counting rule works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class Project:
    """A project on a budget ballot. `id` is the project's id as a string (as in Pabulib)."""

    id: str
    cost: Fraction
    name: str = ""


@dataclass
class BudgetInstance:
    """A participatory-budgeting election with approval ballots.

    `approvals` holds one tuple of project ids per voter, in voter order. Costs and the
    budget are exact fractions (Pabulib files may hold decimal amounts).
    """

    projects: list[Project]
    budget: Fraction
    approvals: list[tuple[str, ...]]
    voter_ids: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)
