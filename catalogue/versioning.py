"""django-reversion registration for the catalogue register, and edition snapshots rebuilt from it."""

import reversion
from reversion.models import Version

from .models import (
    LEVEL_FIELDS,
    Adjustment,
    AdjustmentTarget,
    Category,
    Edition,
    EnrolmentRecord,
    Program,
    Succession,
)

reversion.register(Category, exclude=["committee_members"])
reversion.register(Program, follow=["enrolment_records"])
reversion.register(EnrolmentRecord)
reversion.register(Edition)
reversion.register(Adjustment, follow=["targets"])
reversion.register(AdjustmentTarget)
reversion.register(Succession)


def program_versions(program):
    """The program's recorded versions, newest first, with their revision (user, comment, date)."""
    return Version.objects.get_for_object(program).select_related("revision", "revision__user")


def programs_as_of(edition):
    """The edition's programs as they stood when the edition was closed, keyed by code.

    Each value holds the program's name, category, sector and levels from the newest version recorded at or
    before the edition's revision; a program with no recorded version falls back to its current fields.
    """
    programs = list(edition.programs.select_related("category"))
    versions = {}
    if edition.revision_id is not None:
        candidates = (
            Version.objects.get_for_model(Program)
            .filter(object_id__in=[str(p.pk) for p in programs], revision_id__lte=edition.revision_id)
            .order_by("object_id", "-revision_id")
        )
        for version in candidates:
            versions.setdefault(version.object_id, version)
    snapshot = {}
    for program in programs:
        version = versions.get(str(program.pk))
        fields = version.field_dict if version is not None else _fields_of(program)
        snapshot[program.code] = {
            "code": program.code,
            "name": fields["name"],
            "category_id": fields["category_id"],
            "sector": fields["sector"],
            "levels": [level for level, field in LEVEL_FIELDS.items() if fields.get(field)],
            "program": program,
        }
    return snapshot


def _fields_of(program):
    fields = {"name": program.name, "category_id": program.category_id, "sector": program.sector}
    fields.update({field: getattr(program, field) for field in LEVEL_FIELDS.values()})
    return fields
