"""core.rows.instances: a queryset compiled once, run with real keys, gives the
instances the ORM gives (fields, select_related rows, LEFT JOINs that found none,
annotations), and nothing for a key no row has."""

import pytest
from django.db.models import F

from core import rows
from organizations.models import Organization, Person, User
from pledges.access import get_pledge_for

ANY, OTHER = -9_000_001, -9_000_002


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _same(got, expected, related):
    assert type(got) is type(expected) and _fields(got) == _fields(expected)
    for name in related:
        a, b = got, expected
        for part in name.split("__"):
            if a is None or b is None:
                break
            a, b = getattr(a, part), getattr(b, part)
        assert (a is None) == (b is None), name
        if a is not None:
            assert _fields(a) == _fields(b), name


@pytest.mark.parametrize("related", [("department", "branch"), ("branch__parent",)])
def test_it_gives_what_the_orm_gives_for_every_key(inst, related):
    def build():
        return Person.objects.select_related(*related).filter(pk__in=[ANY, OTHER])

    people = list(Person.objects.filter(institute=inst.institute).order_by("pk"))
    # Some without a department or branch: their LEFT JOINs find no row.
    assert any(p.branch_id is None for p in people)
    for a, b in zip(people, people[1:] + people[:1], strict=True):
        got = sorted(
            rows.instances(("people", related), build, {ANY: a.pk, OTHER: b.pk}),
            key=lambda p: p.pk,
        )
        expected = sorted(
            Person.objects.select_related(*related).filter(pk__in=[a.pk, b.pk]),
            key=lambda p: p.pk,
        )
        assert len(got) == len(expected) >= 1
        for g, e in zip(got, expected, strict=True):
            _same(g, e, related)
            assert not g._state.adding and g._state.db == e._state.db


def test_it_sets_annotations_and_finds_nothing_for_no_row(inst):
    def build():
        return Organization.objects.annotate(parent_path=F("parent__path")).filter(
            pk=ANY
        )

    unit = inst.branch
    (got,) = rows.instances("annotated", build, {ANY: unit.pk})
    assert got.parent_path == unit.parent.path
    assert rows.instances("annotated", build, {ANY: 10**9}) == []


def test_it_refuses_a_prefetch(inst):
    with pytest.raises(ValueError):
        rows.instances(
            "prefetch",
            lambda: User.objects.prefetch_related("groups").filter(pk=ANY),
            {ANY: 1},
        )


def test_a_pledge_is_read_whole_with_its_actors(inst, campaign):
    """The pledge page's lookup (pledges.access.get_pledge_for) through it."""
    from pledges.models import Pledge, Status
    from tests.pledges.builders import make_pledge

    made = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    got = get_pledge_for(inst.user("member"), made.pk)
    related = ("campaign", "unit", "person", "unit__parent", "person__department")
    expected = Pledge.objects.select_related(*related).get(pk=made.pk)
    _same(got, expected, related)
    assert got.approved_by.pk == inst.user("secretary").pk
    assert got.approved_by.person == inst.people["secretary"]
    assert got.created_by.pk == inst.user("member").pk
