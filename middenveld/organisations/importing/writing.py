"""Matching the rows to the register, comparing them with it, and writing the changes
(bulk inserts and updates in one transaction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from middenveld.core.cache import bump_content_version
from middenveld.core.errors import Conflict
from middenveld.organisations.importing.checking import RELATIONS, Plan, References
from middenveld.organisations.importing.columns import ADDRESS_PARTS
from middenveld.organisations.importing.report import Action, RowError
from middenveld.organisations.models import (
    WORKING_FORM_FIELDS,
    Address,
    AddressKind,
    LegalForm,
    Organisation,
    Status,
    TimelineEvent,
)
from middenveld.organisations.services import AddressIn
from middenveld.organisations.text import name_key, search_fold

BATCH = 500  # rows per INSERT / UPDATE statement and per IN (…) list
ANALYZE_AFTER = 1000  # new organisations in one import
_ANALYZED_TABLES = (
    "organisations_organisation",
    "organisations_organisation_districts",
    "organisations_organisation_target_groups",
    "organisations_organisation_languages",
    "organisations_address",
    "organisations_timelineevent",
)
T = TypeVar("T")

# --- Matching and comparing ------------------------------------------------------------------


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _identifier_label(field_name: str) -> str:
    return {
        "kbo_number": _("enterprise number"),
        "vcode": _("vCode"),
        "slug": _("web address (slug)"),
    }[field_name]


@dataclass
class Register:
    """Who holds which identifier and name key, for the whole register (a few columns)."""

    by_field: dict[str, dict[str, int]]
    by_key: dict[str, list[int]]
    names: dict[int, str]

    @classmethod
    def load(cls) -> Register:
        by_field: dict[str, dict[str, int]] = {"kbo_number": {}, "vcode": {}, "slug": {}}
        by_key: dict[str, list[int]] = defaultdict(list)
        names: dict[int, str] = {}
        rows = Organisation.objects.order_by().values_list(
            "pk", "kbo_number", "vcode", "slug", "name_key", "name"
        )
        for pk, kbo, vcode, slug, key, name in rows.iterator(chunk_size=2000):
            for field_name, value in (("kbo_number", kbo), ("vcode", vcode), ("slug", slug)):
                if value:
                    by_field[field_name][value] = pk
            by_key[key].append(pk)
            names[pk] = name
        return cls(by_field, dict(by_key), names)


def match(plans: list[Plan], register: Register) -> None:
    first_row: dict[tuple[str, str], int] = {}
    target_row: dict[int, int] = {}
    duplicate_messages = {
        "kbo_number": _("The same enterprise number is already on row %(row)d."),
        "vcode": _("The same vCode is already on row %(row)d."),
        "slug": _("The same web address (slug) is already on row %(row)d."),
        "name": _(
            "An organisation with the same name and no identifier is already on row %(row)d. "
            "Add its enterprise number or vCode if they are two different organisations."
        ),
    }
    for plan in plans:
        values, errors = plan.values, plan.row.errors
        identifiers = (("kbo_number", values.kbo), ("vcode", values.vcode), ("slug", values.slug))
        keys = [(f, v) for f, v in identifiers if v]
        if not keys and plan.key:
            keys = [("name", plan.key)]
        for key in keys:
            if key in first_row:
                errors.append(
                    RowError(key[0], duplicate_messages[key[0]] % {"row": first_row[key]})
                )
            else:
                first_row[key] = plan.row.number
        if any(v for _f, v in identifiers):
            found = [(f, register.by_field[f].get(v)) for f, v in identifiers if v]
            holders = [(f, pk) for f, pk in found if pk is not None]
            if holders:
                matched_by, plan.target = holders[0]
                for other_field, other in holders[1:]:
                    if other != plan.target:
                        errors.append(
                            RowError(
                                other_field,
                                _(
                                    "The %(identifier)s on this row belongs to %(other)s, but "
                                    "its %(matched_by)s belongs to %(name)s. Check both."
                                )
                                % {
                                    "identifier": _identifier_label(other_field),
                                    "other": register.names[other],
                                    "matched_by": _identifier_label(matched_by),
                                    "name": register.names[plan.target],
                                },
                            )
                        )
        elif plan.key:
            candidates = register.by_key.get(plan.key, [])
            if len(candidates) == 1:
                plan.target = candidates[0]
            elif len(candidates) > 1:
                errors.append(
                    RowError(
                        "name",
                        _(
                            "Several organisations in the register have this name: %(names)s. "
                            "Add the enterprise number, vCode or slug to say which one."
                        )
                        % {"names": ", ".join(register.names[pk] for pk in candidates[:5])},
                    )
                )
        if plan.target is not None:
            if plan.target in target_row:
                errors.append(
                    RowError(
                        "",
                        _("Row %(row)d already changes the same organisation (%(name)s).")
                        % {"row": target_row[plan.target], "name": register.names[plan.target]},
                    )
                )
            else:
                target_row[plan.target] = plan.row.number


@dataclass
class Current:
    organisations: dict[int, Organisation]
    relations: dict[str, dict[int, set[int]]]
    addresses: dict[tuple[int, str], Address]

    @classmethod
    def load(cls, pks: Sequence[int]) -> Current:
        organisations: dict[int, Organisation] = {}
        relations: dict[str, dict[int, set[int]]] = {r: defaultdict(set) for r in RELATIONS}
        addresses: dict[tuple[int, str], Address] = {}
        for chunk in _chunks(sorted(pks)):
            for organisation in Organisation.objects.order_by().filter(pk__in=chunk):
                organisations[organisation.pk] = organisation
            for relation in RELATIONS:
                through, source, target = _through(relation)
                rows = through.objects.filter(**{f"{source}__in": chunk}).values_list(
                    source, target
                )
                for organisation_id, other_id in rows:
                    relations[relation][organisation_id].add(other_id)
            for address in Address.objects.filter(organisation_id__in=chunk):
                addresses[(address.organisation_id, address.kind)] = address
        return cls(organisations, relations, addresses)


def _through(relation: str) -> tuple[Any, str, str]:
    """The through model of an M2M relation with its two foreign key columns (``…_id``)."""
    m2m: Any = Organisation._meta.get_field(relation)
    return (
        m2m.remote_field.through,
        f"{m2m.m2m_field_name()}_id",
        f"{m2m.m2m_reverse_field_name()}_id",
    )


def _address_value(address: Address | None) -> AddressIn | None:
    if address is None:
        return None
    return AddressIn(
        street=address.street,
        number=address.number,
        box=address.box,
        postal_code=address.postal_code,
        municipality=address.municipality,
    )


def _form_fields(forms: list[str]) -> dict[str, bool]:
    return {model_field: code in forms for code, model_field in WORKING_FORM_FIELDS.items()}


def _label(name: str) -> str:
    if name in (kind.value for kind in AddressKind):
        return str(AddressKind(name).label)
    return str(getattr(Organisation._meta.get_field(name), "verbose_name", name))


def compare(plan: Plan, current: Current) -> None:
    values, errors = plan.values, plan.row.errors
    no_forms = _("Choose at least one thing your organisation does.")
    if plan.target is None:
        plan.row.action = Action.CREATE
        if "legal_form" not in values.fields and not any(e.column == "legal_form" for e in errors):
            errors.append(
                RowError(
                    "legal_form",
                    _("Choose a legal form from the list.")
                    + " "
                    + _("Use one of these codes: %(codes)s.")
                    % {"codes": ", ".join(LegalForm.values)},
                )
            )
        if values.forms == [] or (
            values.forms is None and not any(e.column == "working_forms" for e in errors)
        ):
            errors.append(RowError("working_forms", no_forms))
        return
    organisation = current.organisations[plan.target]
    wanted: dict[str, Any] = {"name": values.name, **values.fields}
    if values.forms:
        wanted.update(_form_fields(values.forms))
    elif values.forms == [] and organisation.working_form_codes:
        errors.append(RowError("working_forms", no_forms))
    if values.kbo:
        wanted["kbo_number"] = values.kbo
    if values.vcode:
        wanted["vcode"] = values.vcode
    plan.changes = {f: v for f, v in wanted.items() if getattr(organisation, f) != v}
    for relation, ids in values.relations.items():
        if ids != current.relations[relation].get(plan.target, set()):
            plan.relation_changes[relation] = ids
    for kind, address in values.addresses.items():
        if address != _address_value(current.addresses.get((plan.target, kind))):
            plan.address_changes[kind] = address
    names = [*plan.changes, *plan.relation_changes, *plan.address_changes]
    plan.row.changes = list(dict.fromkeys(_label(n) for n in names))
    plan.row.action = Action.UPDATE if names else Action.UNCHANGED


# --- Writing -----------------------------------------------------------------------------------


def _search_text(
    organisation: Organisation, relations: dict[str, set[int]], refs: References
) -> str:
    """What ``services.search_text_for`` computes, from values in memory."""
    groups = sorted(
        (refs.by_pk["target_groups"][pk] for pk in relations.get("target_groups", ())),
        key=lambda c: c.order,
    )
    districts = sorted(
        (refs.by_pk["districts"][pk] for pk in relations.get("districts", ())),
        key=lambda c: c.order,
    )
    parts = [organisation.name, organisation.alternative_name, organisation.description]
    parts += [c.search_name for c in groups] + [c.search_name for c in districts]
    return search_fold(" ".join(p for p in parts if p))


class _Slugs:
    """Unique slugs for many new organisations at once (``services._unique_slug`` in bulk)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.last: dict[str, int] = {}

    def reserve(self, slug: str) -> None:
        self.taken.add(slug)

    def new(self, name: str) -> str:
        base = slugify(name)[:200] or "organisatie"
        slug, n = base, self.last.get(base, 1)
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.last[base] = n
        self.taken.add(slug)
        return slug


def write(
    plans: list[Plan],
    *,
    current: Current,
    register: Register,
    refs: References,
    by: Any,
    filename: str,
) -> None:
    now = timezone.now()
    actor = by if by is not None and getattr(by, "pk", None) else None
    creates = [p for p in plans if p.row.action == Action.CREATE]
    updates = [p for p in plans if p.row.action == Action.UPDATE]
    slugs = _Slugs(register.by_field["slug"])
    for plan in creates:
        if plan.values.slug:
            slugs.reserve(plan.values.slug)

    new: list[Organisation] = []
    for plan in creates:
        values = plan.values
        organisation = Organisation(
            name=values.name,
            legal_form=values.fields["legal_form"],
            kbo_number=values.kbo or None,
            vcode=values.vcode or None,
            slug=values.slug or slugs.new(values.name),
            status=Status.VERIFIED,
            verified_at=now,
            verified_by=actor,
            created_by=None,
            created_at=now,
            **{k: v for k, v in values.fields.items() if k != "legal_form"},
            **_form_fields(values.forms or []),
        )
        organisation.name_key = name_key(organisation.name)[:200]
        organisation.search_text = _search_text(organisation, values.relations, refs)
        new.append(organisation)

    for plan in updates:
        organisation = current.organisations[plan.pk]
        for name, value in plan.changes.items():
            setattr(organisation, name, value)
        relations = {
            r: plan.relation_changes.get(r, current.relations[r].get(organisation.pk, set()))
            for r in RELATIONS
        }
        organisation.name_key = name_key(organisation.name)[:200]
        organisation.search_text = _search_text(organisation, relations, refs)
        organisation.updated_at = now
    update_fields = sorted(
        {name for plan in updates for name in plan.changes}
        | {"name_key", "search_text", "updated_at"}
    )

    try:
        with transaction.atomic():
            Organisation.objects.bulk_create(new, batch_size=BATCH)
            _fill_pks(new)
            if updates:
                Organisation.objects.bulk_update(
                    [current.organisations[p.pk] for p in updates],
                    update_fields,
                    batch_size=BATCH,
                )
            _write_relations(creates, new, updates)
            _write_addresses(creates, new, updates, current)
            events = [
                TimelineEvent(
                    organisation_id=organisation.pk,
                    kind="organisations.imported",
                    actor=actor,
                    occurred_at=now,
                    data={"file": filename[:200]},
                )
                for organisation in new
            ]
            events += [
                TimelineEvent(
                    organisation_id=plan.pk,
                    kind="organisations.profile_changed",
                    actor=actor,
                    occurred_at=now,
                    data={"fields": ", ".join(plan.row.changes)},
                )
                for plan in updates
                if current.organisations[plan.pk].status != Status.DRAFT
            ]
            TimelineEvent.objects.bulk_create(events, batch_size=BATCH)
            # bulk_create and bulk_update send no signals: make the public pages fresh here.
            bump_content_version()
            if len(new) >= ANALYZE_AFTER and connection.vendor == "postgresql":
                # Fresh statistics, so the planner does not treat the register as small
                # until autovacuum comes by (ANALYZE may run inside a transaction).
                with connection.cursor() as cursor:
                    for table in _ANALYZED_TABLES:
                        cursor.execute(f"ANALYZE {table}")
    except IntegrityError:
        raise Conflict(
            _(
                "The register changed while the file was being imported, so nothing was "
                "imported. Import the file again."
            )
        ) from None


def _fill_pks(organisations: list[Organisation]) -> None:
    """Both supported databases return the new keys; this covers one that does not."""
    missing = [o for o in organisations if o.pk is None]
    if not missing:
        return
    pks: dict[str, int] = {}
    for chunk in _chunks([o.slug for o in missing]):
        pks.update(Organisation.objects.filter(slug__in=chunk).values_list("slug", "pk"))
    for organisation in missing:
        organisation.pk = pks[organisation.slug]


def _write_relations(creates: list[Plan], new: list[Organisation], updates: list[Plan]) -> None:
    """The through rows of the three lists, inserted as plain pairs of numbers.

    Some 100,000 of them for 20,000 organisations: building a model instance for
    each would cost more than inserting it.
    """
    for relation in RELATIONS:
        through, source, target = _through(relation)
        pairs: list[tuple[int, int]] = []
        for plan, organisation in zip(creates, new, strict=True):
            pairs += [
                (organisation.pk, pk) for pk in sorted(plan.values.relations.get(relation, ()))
            ]
        changed = [p for p in updates if relation in p.relation_changes]
        for chunk in _chunks([p.pk for p in changed]):
            through.objects.filter(**{f"{source}__in": chunk}).delete()
        for plan in changed:
            pairs += [(plan.pk, pk) for pk in sorted(plan.relation_changes[relation])]
        if not pairs:
            continue
        _insert_pairs(through, source, target, pairs)


def _insert_pairs(through: Any, source: str, target: str, pairs: list[tuple[int, int]]) -> None:
    """INSERT two numbers per row: arrays through ``unnest`` on PostgreSQL (one statement
    per 10,000 rows instead of one round trip per row), ``executemany`` elsewhere."""
    quote = connection.ops.quote_name
    meta = through._meta
    table = quote(meta.db_table)
    columns = ", ".join(
        quote(meta.get_field(name.removesuffix("_id")).column) for name in (source, target)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest(%s::bigint[], %s::bigint[])"  # noqa: S608 - names from the model
            )
            for batch in _chunks(pairs, 10_000):
                cursor.execute(sql, [[a for a, _b in batch], [b for _a, b in batch]])
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s)"  # noqa: S608 - names from the model
            for batch in _chunks(pairs, 10_000):
                cursor.executemany(sql, batch)


def _write_addresses(
    creates: list[Plan], new: list[Organisation], updates: list[Plan], current: Current
) -> None:
    inserts: list[Address] = []
    changed: list[Address] = []
    for plan, organisation in zip(creates, new, strict=True):
        for kind, address in plan.values.addresses.items():
            if address is not None:
                inserts.append(Address(organisation=organisation, kind=kind, **address.__dict__))
    for plan in updates:
        for kind, address in plan.address_changes.items():
            existing = current.addresses.get((plan.pk, kind))
            if address is None and existing is not None:
                existing.delete()
            elif address is not None and existing is None:
                inserts.append(Address(organisation_id=plan.pk, kind=kind, **address.__dict__))
            elif address is not None and existing is not None:
                for part, value in address.__dict__.items():
                    setattr(existing, part, value)
                changed.append(existing)
    Address.objects.bulk_create(inserts, batch_size=BATCH)
    if changed:
        Address.objects.bulk_update(
            changed, [part for part, _a, _l in ADDRESS_PARTS], batch_size=BATCH
        )
