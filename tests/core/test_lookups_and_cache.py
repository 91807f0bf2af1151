"""``field__any_of`` (core.lookups) and the Redis cache that reuses its client
(core.cache)."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q

from organizations.models import Organization, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_any_of_reads_the_rows_in_reads(inst):
    PersonFactory.create_batch(3, institute=inst.institute, department=inst.department)
    units = Organization.objects.filter(path__startswith=inst.branch.path)
    colleagues = Person.objects.filter(department=inst.department).order_by("name")
    for q_any, q_in in (
        (Q(branch_id__any_of=units.values("pk")), Q(branch_id__in=units.values("pk"))),
        (
            Q(branch__any_of=units) | Q(pk__any_of=colleagues.values("pk")),
            Q(branch__in=units) | Q(pk__in=colleagues.values("pk")),
        ),
    ):
        found = set(Person.objects.filter(q_any).values_list("pk", flat=True))
        assert found == set(Person.objects.filter(q_in).values_list("pk", flat=True))
        assert found  # not two empty answers
    sql = str(
        Person.objects.filter(pk__any_of=colleagues.values("pk")).order_by().query
    )
    assert "ORDER BY" not in sql.split("WHERE", 1)[1]  # the subquery's order dropped
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql
    else:
        assert " IN (SELECT" in sql


def test_any_of_takes_a_subquery_only():
    with pytest.raises(TypeError, match="subquery"):
        list(Person.objects.filter(pk__any_of=[1, 2]))


def test_the_redis_cache_reuses_one_client_and_still_answers():
    from core.cache import RedisCache

    if not settings.REDIS_URL:
        pytest.skip("no REDIS_URL: the embedded default keeps figures in memory")
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "cx-test"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("cx-test-reused-client", {"n": 1}, 30)
    assert cache.get("cx-test-reused-client") == {"n": 1}
    assert cache.get_many(["cx-test-reused-client", "cx-test-none"]) == {
        "cx-test-reused-client": {"n": 1}
    }
    cache.delete("cx-test-reused-client")
    assert cache.get("cx-test-reused-client") is None
