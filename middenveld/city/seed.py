"""Demo data for the city's internal organisation: departments, teams and their staff.

The departments and teams of the City of Ghent that answer questions from social civil
society: welfare and equal opportunities (the civil-society team, grants, poverty),
policy participation (the neighbourhood managers per part of the city), the youth service,
integration, culture, sport, facility management for rooms, and Gentinfo for everything else.

Each team has three to five staff members (staff accounts with @example.org addresses and
the demo password) and one team lead. The staff demo account (medewerker@example.org) leads
the civil-society team and is a member of the neighbourhood team of the Brugse Poort, so its
staff inbox holds questions both for itself and for its teams; the administrator demo account
leads Gentinfo.

The city's organisation does not grow with ``--scale``: ten times Ghent's questions are still
answered by the same departments. Idempotent: departments and teams are keyed on their slug,
staff accounts on their e-mail address, memberships on (team, person).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from middenveld.accounts.models import Role, User
from middenveld.city.models import Department, Team, TeamMember
from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeder

STAFF = "medewerker@example.org"
ADMINISTRATOR = "beheerder@example.org"


@dataclass(frozen=True)
class TeamSpec:
    slug: str
    name: str
    # Staff members as (name, is_lead); e-mail addresses are made from the names.
    people: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class DepartmentSpec:
    slug: str
    name: str
    teams: tuple[TeamSpec, ...]


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec("welzijn-en-gelijke-kansen", "Dienst Welzijn en Gelijke Kansen", (
        TeamSpec("middenveld", "Team Middenveld en Basiswerk", (
            ("Pieter Van Damme", False), ("Nadia El Amrani", False), ("Wout Claeys", False),
        )),
        TeamSpec("subsidies-welzijn", "Team Subsidies Welzijn", (
            ("Sofie Maes", True), ("Jonas De Clercq", False), ("Leen Verstraete", False),
            ("Ahmed Bouzid", False),
        )),
        TeamSpec("armoedebestrijding", "Team Armoedebestrijding", (
            ("Griet Martens", True), ("Bram Desmet", False), ("Elif Kaya", False),
        )),
    )),
    DepartmentSpec("beleidsparticipatie", "Dienst Beleidsparticipatie", (
        TeamSpec("buurtregie-noord", "Buurtregie Noord (Brugse Poort, Rabot, Muide, Sluizeken)", (
            ("Tom Vandenberghe", True), ("Hanne De Wilde", False), ("Mohamed Ait Ouali", False),
        )),
        TeamSpec("buurtregie-zuid", "Buurtregie Zuid (Nieuw Gent, Ledeberg, Gentbrugge)", (
            ("Katrien Coppens", True), ("Youssef Amrani", False), ("Eline Goossens", False),
        )),
        TeamSpec("buurtregie-rand", "Buurtregie Randgemeenten", (
            ("Dirk Van Hecke", True), ("Marieke Lambrecht", False), ("Ruben Segers", False),
        )),
        TeamSpec("participatie", "Team Participatie en Inspraak", (
            ("Annelies Dewulf", True), ("Kobe Willems", False), ("Iman Haddou", False),
        )),
    )),
    DepartmentSpec("jeugddienst", "Jeugddienst", (
        TeamSpec("jeugdwerk", "Team Jeugdwerkondersteuning", (
            ("Lien Wouters", True), ("Arne Peeters", False), ("Selin Demir", False),
            ("Jef Baert", False),
        )),
    )),
    DepartmentSpec("samenleven-en-integratie", "Dienst Samenleven en Integratie", (
        TeamSpec("zelforganisaties", "Team Zelforganisaties en Nieuwkomers", (
            ("Fatma Yildiz", True), ("Joris Van de Velde", False), ("Aïcha Benmoussa", False),
        )),
    )),
    DepartmentSpec("cultuur", "Dienst Cultuur", (
        TeamSpec("sociaal-cultureel-werk", "Team Sociaal-cultureel Werk", (
            ("Evelien Smet", True), ("Nico Declercq", False), ("Hatice Aydin", False),
        )),
    )),
    DepartmentSpec("sportdienst", "Sportdienst", (
        TeamSpec("sportclubs", "Team Sportclubondersteuning", (
            ("Kristof Mertens", True), ("Laura Verhoeven", False), ("Bilal Chahid", False),
        )),
    )),
    DepartmentSpec("facility-management", "Dienst Facility Management", (
        TeamSpec("zalen", "Team Zalen en Stadsgebouwen", (
            ("Veerle Janssens", True), ("Stijn Bogaert", False), ("Marta Kowalska", False),
            ("Dries Van Acker", False),
        )),
    )),
    DepartmentSpec("gentinfo", "Dienst Contactcenter Gentinfo", (
        TeamSpec("gentinfo", "Team Gentinfo", (
            ("Ine Vermeersch", False), ("Thomas Pauwels", False), ("Rania Saidi", False),
        )),
    )),
)  # fmt: skip

# The demo accounts' place in the organisation: (team slug, is_lead).
DEMO_MEMBERSHIPS: dict[str, tuple[tuple[str, bool], ...]] = {
    STAFF: (("middenveld", True), ("buurtregie-noord", False)),
    ADMINISTRATOR: (("gentinfo", True),),
}


def staff_email(name: str) -> str:
    """firstname.lastname@example.org, without accents or spaces."""
    first, _sep, last = name.partition(" ")
    return f"{slugify(first)}.{slugify(last).replace('-', '')}@example.org"


def _staff_accounts(ctx: SeedContext) -> dict[str, User]:
    wanted = {
        staff_email(name): name
        for department in DEPARTMENTS
        for team in department.teams
        for name, _lead in team.people
    }
    found = {u.email: u for u in User.objects.filter(email__in=wanted)}
    missing = [email for email in wanted if email not in found]
    if missing:
        # One hash for all: hashing the demo password once per account would take seconds.
        password = make_password(DEMO_PASSWORD)
        now = timezone.now()
        created = User.objects.bulk_create(
            [
                User(
                    email=email,
                    name=wanted[email],
                    role=Role.STAFF,
                    password=password,
                    email_verified_at=now,
                )
                for email in missing
            ]
        )
        ctx.count("accounts", len(created))
        found.update({u.email: u for u in created})
    return found


@seeder(order=40)
def seed_city(ctx: SeedContext) -> None:
    """Ghent's departments and teams that answer civil society, with their staff."""
    people = _staff_accounts(ctx)
    for email in DEMO_MEMBERSHIPS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            people[email] = user

    wanted: list[tuple[int, int, bool]] = []  # (team id, user id, is_lead)
    for spec in DEPARTMENTS:
        department, created = Department.objects.get_or_create(
            slug=spec.slug, defaults={"name": spec.name, "email": f"{spec.slug}@example.org"}
        )
        ctx.count("departments", int(created))
        for team_spec in spec.teams:
            team, created = Team.objects.get_or_create(
                slug=team_spec.slug,
                defaults={
                    "department": department,
                    "name": team_spec.name,
                    "email": f"{team_spec.slug}@example.org",
                },
            )
            ctx.count("teams", int(created))
            for name, is_lead in team_spec.people:
                wanted.append((team.pk, people[staff_email(name)].pk, is_lead))
    teams = dict(Team.objects.values_list("slug", "pk"))
    for email, memberships in DEMO_MEMBERSHIPS.items():
        if email in people:
            for slug, is_lead in memberships:
                wanted.append((teams[slug], people[email].pk, is_lead))

    existing = set(TeamMember.objects.values_list("team_id", "user_id"))
    new = [
        TeamMember(team_id=team_id, user_id=user_id, is_lead=is_lead)
        for team_id, user_id, is_lead in wanted
        if (team_id, user_id) not in existing
    ]
    TeamMember.objects.bulk_create(new)
    ctx.count("team members", len(new))
