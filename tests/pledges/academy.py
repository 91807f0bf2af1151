"""A campaign held above institute level: an academy with both test institutes under it."""

from dataclasses import dataclass, fields

from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from organizations.models import Organization, Person
from pledges.models import Campaign


def place_under(parent: Organization, institute: Organization) -> None:
    """Hang a top-level institute and its subtree under ``parent`` (the service refuses
    moves that change the institute boundary, which this one does not)."""
    old = institute.path
    Organization.objects.filter(pk=institute.pk).update(parent=parent)
    Organization.objects.filter(path__startswith=old).update(
        path=Concat(
            Value(f"{parent.path}{institute.pk}/"), Substr("path", len(old) + 1)
        ),
        depth=F("depth") + parent.depth + 1,
    )


def reload(inst) -> None:
    """Read the handles of a built institute again after its paths changed."""
    for f in fields(inst):
        value = getattr(inst, f.name)
        if isinstance(value, Organization):
            setattr(inst, f.name, Organization.objects.get(pk=value.pk))
    for key, p in inst.people.items():
        inst.people[key] = Person.objects.select_related("user").get(pk=p.pk)


@dataclass
class Academy:
    unit: Organization
    campaign: Campaign
