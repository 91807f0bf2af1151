"""core.rows.from_db: the instance ``Model.from_db`` makes, built without
``Model.__init__`` where that cannot differ, and by ``from_db`` where it could."""

import pickle

import pytest
from django.db.models import signals

from core import rows
from organizations.models import Organization, Person, Role, User
from pledges.models import RecordAttachment


def _row(obj):
    return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]


def _names(model):
    return [f.attname for f in model._meta.concrete_fields]


def _state(obj):
    return (obj._state.adding, obj._state.db)


@pytest.mark.parametrize("model", [Organization, Person, Role, User])
def test_it_builds_what_from_db_builds(inst, model):
    for stored in model.objects.all()[:20]:
        row = _row(stored)
        got = rows.from_db(model, "default", _names(model), row)
        expected = model.from_db("default", _names(model), row)
        assert type(got) is model
        assert {k: v for k, v in got.__dict__.items() if k != "_state"} == {
            k: v for k, v in expected.__dict__.items() if k != "_state"
        }
        assert list(got.__dict__) == list(expected.__dict__)  # the same order
        assert _state(got) == _state(expected) == (False, "default")
        assert got == expected and hash(got) == hash(expected)
        # Pickled and read back (the shared cache keeps instances so): the same.
        again, expected_again = (
            pickle.loads(pickle.dumps(o))  # noqa: S301  # our own pickle
            for o in (got, expected)
        )
        assert again.__dict__.keys() == expected_again.__dict__.keys()
        assert _row(again) == _row(expected_again) == row


def test_a_built_instance_reads_its_relations_and_saves_as_an_update(inst):
    role = Role.objects.select_related(None).first()
    built = rows.from_db(Role, "default", _names(Role), _row(role))
    assert built.node == role.node and built.person == role.person  # lazy loads
    built.title = "built and saved"
    built.save()  # an UPDATE of the row: no second role
    assert Role.objects.filter(pk=role.pk, title="built and saved").exists()
    assert Role.objects.count() == Role.objects.count()
    # Changing the key drops the cached relation, as on any instance.
    other = Organization.objects.exclude(pk=built.node_id).first()
    built.node_id = other.pk
    assert built.node == other


def test_it_leaves_other_shapes_to_from_db(inst):
    person = Person.objects.first()
    # A shorter row (deferred fields) is from_db's: the others stay deferred.
    names = ["id", "name"]
    partial = rows.from_db(Person, "default", names, [person.pk, person.name])
    assert partial.get_deferred_fields() >= {"institute_id", "branch_id"}
    assert partial.name == person.name

    # A file field's descriptor: from_db builds it, the value reads as a file.
    assert rows._plain_attnames(RecordAttachment) is None
    assert rows._plain_attnames(Person) is not None


def test_a_post_init_receiver_sees_every_instance(inst):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    signals.post_init.connect(receiver, sender=Organization)
    try:
        unit = Organization.objects.first()
        built = rows.from_db(Organization, "default", _names(Organization), _row(unit))
    finally:
        signals.post_init.disconnect(receiver, sender=Organization)
    assert built in seen and built.pk == unit.pk
