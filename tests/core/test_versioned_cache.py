"""core.versioned_cache: values kept under a version that writes bump."""

import pytest
from django.db import connection
from django.utils import translation

from core import versioned_cache as vc
from organizations.access import scope_of
from organizations.models import Organization


def counting(value="v"):
    calls = []

    def fn():
        calls.append(1)
        return value

    return fn, calls


def test_computed_once_until_bumped():
    fn, calls = counting()
    assert vc.get_or_compute("figures", 1, "k", fn) == "v"
    assert vc.get_or_compute("figures", 1, "k", fn) == "v"
    assert len(calls) == 1
    vc.bump("figures", 1)
    vc.get_or_compute("figures", 1, "k", fn)
    assert len(calls) == 2


def test_bump_of_one_institute_leaves_the_others():
    fn, calls = counting()
    vc.get_or_compute("figures", 1, "k", fn)
    vc.get_or_compute("figures", 2, "k", fn)
    vc.bump("figures", 2)
    vc.get_or_compute("figures", 1, "k", fn)
    assert len(calls) == 2  # institute 1 still cached
    vc.bump("figures")  # all institutes
    vc.get_or_compute("figures", 1, "k", fn)
    assert len(calls) == 3


def test_keys_namespaces_and_languages_are_apart():
    fn, calls = counting()
    vc.get_or_compute("figures", 1, "a", fn)
    vc.get_or_compute("figures", 1, "b", fn)
    vc.get_or_compute("turnout", 1, "a", fn)
    with translation.override("en"):
        vc.get_or_compute("figures", 1, "a", fn)
    assert len(calls) == 4
    vc.bump("turnout")
    vc.get_or_compute("figures", 1, "a", fn)  # figures untouched by a turnout bump
    assert len(calls) == 4


def test_a_broken_cache_computes(monkeypatch):
    def broken():
        raise ConnectionError("down")

    monkeypatch.setattr(vc, "_versions", broken)
    fn, calls = counting()
    assert vc.get_or_compute("figures", 1, "k", fn) == "v"
    assert vc.get_or_compute("figures", 1, "k", fn) == "v"
    assert len(calls) == 2
    vc.bump("figures", 1)  # no exception


@pytest.mark.parametrize(
    "sql, namespaces",
    [
        ('INSERT INTO "pledges_plan" ("x") VALUES (%s)', vc.NAMESPACES),
        ('UPDATE "pledges_pledge" SET "status" = %s', vc.NAMESPACES),
        ('DELETE FROM "evaluations_score" WHERE 1', vc.NAMESPACES),
        ("insert into evaluations_score select * from x", vc.NAMESPACES),
        ('COPY "evaluations_score" ("x") FROM STDIN', vc.NAMESPACES),
        ('INSERT INTO "evaluations_participation" ("x") VALUES (1)', (vc.TURNOUT,)),
        ('INSERT INTO "evaluations_stagedballot" ("x") VALUES (1)', (vc.TURNOUT,)),
        ('UPDATE "django_session" SET "x" = 1', ()),
        ('UPDATE "organizations_notification" SET "x" = 1', ()),
        ('UPDATE "organizations_user" SET "last_login" = %s', ()),
        ('UPDATE "organizations_person" SET "x" = 1', vc.NAMESPACES),
        ('INSERT INTO "organizations_historicalperson" ("x") VALUES (1)', ()),
        ('SELECT * FROM "pledges_plan"', ()),
    ],
)
def test_which_writes_bump(sql, namespaces):
    assert vc.bump_for_sql(sql) == namespaces


def test_orm_writes_bump_through_the_connection(inst):
    assert vc._execute_wrapper in connection.execute_wrappers
    fn, calls = counting()
    vc.get_or_compute("figures", inst.institute.pk, "k", fn)
    Organization.objects.filter(pk=inst.branch.pk).update(name="改名支部")
    vc.get_or_compute("figures", inst.institute.pk, "k", fn)
    assert len(calls) == 2
    inst.branch.save()
    vc.get_or_compute("figures", inst.institute.pk, "k", fn)
    assert len(calls) == 3
    list(Organization.objects.all())  # reads bump nothing
    vc.get_or_compute("figures", inst.institute.pk, "k", fn)
    assert len(calls) == 3


def test_reach_key_tells_scopes_apart(inst):
    office = vc.reach_key(scope_of(inst.user("office")))
    assert office == vc.reach_key(scope_of(inst.user("office")))
    assert office != vc.reach_key(scope_of(inst.user("secretary")))
    assert office != vc.reach_key(scope_of(inst.user("leader")))


def test_a_bulk_transaction_bumps_once_and_again_on_commit(inst, monkeypatch):
    from django.db import transaction

    # As at the start of a transaction (a test's rolled-back block leaves its
    # pending bumps on the connection for the next test).
    connection._cx_pending_bumps = set()
    connection._cx_pending_institute_bumps = set()
    bumps = []
    real = vc.bump
    monkeypatch.setattr(
        vc, "bump", lambda ns, i=vc.ALL: (bumps.append(ns), real(ns, i))
    )
    with transaction.atomic():
        for i in range(5):
            Organization.objects.filter(pk=inst.branch.pk).update(name=f"支部{i}")
        assert bumps == list(vc.NAMESPACES)  # the first write only
        fn, calls = counting()
        vc.get_or_compute("figures", inst.institute.pk, "k", fn)
        Organization.objects.filter(pk=inst.branch.pk).update(name="再改")
        vc.get_or_compute("figures", inst.institute.pk, "k", fn)
        assert len(calls) == 2  # read after a write in one transaction: current
    pending = connection._cx_pending_bumps
    assert pending == set(vc.NAMESPACES)  # for the commit (the test's own block)
    before_flush = len(bumps)
    vc._flush()
    assert sorted(bumps[before_flush:]) == sorted(vc.NAMESPACES)


def test_a_write_in_one_institute_leaves_the_others_cached(inst, other_inst):
    a, b = inst.institute.pk, other_inst.institute.pk
    fn_a, calls_a = counting("a")
    fn_b, calls_b = counting("b")
    fn_all, calls_all = counting("academy")
    for _ in range(2):
        vc.get_or_compute("figures", a, "k", fn_a)
        vc.get_or_compute("figures", b, "k", fn_b)
        vc.get_or_compute("figures", None, "k", fn_all)
    assert (len(calls_a), len(calls_b), len(calls_all)) == (1, 1, 1)

    with vc.writes_in(a):
        Organization.objects.filter(pk=inst.branch.pk).update(name="改名支部")
    assert vc.get_or_compute("figures", a, "k", fn_a) == "a"
    assert vc.get_or_compute("figures", b, "k", fn_b) == "b"
    vc.get_or_compute("figures", None, "k", fn_all)
    # A's figures and those over every institute afresh; B's still cached.
    assert (len(calls_a), len(calls_b), len(calls_all)) == (2, 1, 2)

    Organization.objects.filter(pk=other_inst.branch.pk).update(name="改名")
    vc.get_or_compute("figures", a, "k", fn_a)
    vc.get_or_compute("figures", b, "k", fn_b)
    vc.get_or_compute("figures", None, "k", fn_all)
    # Not declared: every institute's figures afresh.
    assert (len(calls_a), len(calls_b), len(calls_all)) == (3, 2, 3)


def test_figures_kept_for_all_follow_a_write_in_one_institute(inst):
    """``ALL`` as a reader's institute: figures that may read any institute's rows
    (kept under the spanning version, which every institute's bump changes)."""
    fn, calls = counting()
    vc.get_or_compute("figures", vc.ALL, "k", fn)
    vc.get_or_compute("figures", vc.ALL, "k", fn)
    assert len(calls) == 1
    with vc.writes_in(inst.institute.pk):
        Organization.objects.filter(pk=inst.branch.pk).update(name="改名支部")
    vc.get_or_compute("figures", vc.ALL, "k", fn)
    assert len(calls) == 2


def test_writes_in_none_bumps_all(inst, other_inst):
    fn, calls = counting()
    vc.get_or_compute("figures", other_inst.institute.pk, "k", fn)
    with vc.writes_in(None):
        Organization.objects.filter(pk=inst.branch.pk).update(name="改名支部")
    vc.get_or_compute("figures", other_inst.institute.pk, "k", fn)
    assert len(calls) == 2


def test_a_transaction_in_one_institute_bumps_it_again_on_commit(
    inst, other_inst, monkeypatch
):
    from django.db import transaction

    a = inst.institute.pk
    connection._cx_pending_bumps = set()
    connection._cx_pending_institute_bumps = set()
    bumps = []
    real = vc.bump
    monkeypatch.setattr(
        vc, "bump", lambda ns, i=vc.ALL: (bumps.append((ns, i)), real(ns, i))
    )
    with transaction.atomic(), vc.writes_in(a):
        for i in range(3):
            Organization.objects.filter(pk=inst.branch.pk).update(name=f"支部{i}")
    assert bumps == [(ns, a) for ns in vc.NAMESPACES]  # the first write only
    assert connection._cx_pending_bumps == set()
    assert connection._cx_pending_institute_bumps == {(ns, a) for ns in vc.NAMESPACES}
    fn, calls = counting()
    vc.get_or_compute("figures", other_inst.institute.pk, "k", fn)
    vc._flush()  # the commit
    assert set(bumps[-2:]) == {(ns, a) for ns in vc.NAMESPACES}
    vc.get_or_compute("figures", other_inst.institute.pk, "k", fn)
    assert len(calls) == 1


def test_two_databases_sharing_a_redis_keep_their_figures_apart():
    """With REDIS_URL, the cache's keys name the database: a second deployment (or
    the benchmark's second database) on the same Redis never reads these figures."""
    import os
    import subprocess  # nosec B404 - runs this project's settings
    import sys
    from pathlib import Path

    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['KEY_PREFIX'])"
    )
    prefixes = []
    for name in ("cx_one", "cx_two"):
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="chuangxian.settings",
            DATABASE_URL=f"postgres://u@127.0.0.1:5432/{name}",
            REDIS_URL="redis://127.0.0.1:6379/0",
        )
        done = subprocess.run(  # nosec B603 - fixed arguments
            [sys.executable, "-c", code],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        prefixes.append(done.stdout.strip())
    assert prefixes[0] != prefixes[1]
    assert all(p.startswith("cx:") for p in prefixes)


def test_lazy_translations_are_kept_as_text_in_their_language():
    from django.utils.functional import Promise
    from django.utils.translation import gettext_lazy

    from pledges.models import Status

    def fn():
        return {
            "rows": [{"label": Status.DRAFT.label, "n": 1}],
            "title": gettext_lazy("Draft"),
        }

    with translation.override("zh-hans"):
        value = vc.get_or_compute("figures", 1, "lazy", fn)
        again = vc.get_or_compute("figures", 1, "lazy", fn)
    for found in (value, again):
        label = found["rows"][0]["label"]
        assert type(label) is str and not isinstance(label, Promise)
        assert label == "草稿" and found["title"] == "草稿"
    with translation.override("en"):
        assert vc.get_or_compute("figures", 1, "lazy", fn)["title"] == "Draft"
    with translation.override("en"):
        assert vc.plain((1, [gettext_lazy("Draft")])) == (1, ["Draft"])


def test_a_get_request_reads_the_versions_once_and_a_bump_in_it_reads_them_again(
    monkeypatch,
):
    from core import request_cache

    reads = []
    real = vc._read_versions
    monkeypatch.setattr(
        vc, "_read_versions", lambda own: (reads.append(own), real(own))[1]
    )
    fn, calls = counting()
    store = request_cache._store.set({})  # as RequestCacheMiddleware does for a GET
    try:
        vc.get_or_compute("figures", 1, "a", fn)
        vc.get_or_compute("figures", 1, "b", fn)
        vc.get_or_compute("turnout", 1, "a", fn)
        vc.get_or_compute("figures", None, "a", fn)  # over all institutes
        assert reads == [1]  # both namespaces and the spanning ones: one round trip
        vc.get_or_compute("figures", 2, "a", fn)
        assert reads == [1, 2]
        vc.bump("figures", 1)
        vc.get_or_compute("figures", 1, "a", fn)
        assert reads == [1, 2, 1]
        assert len(calls) == 6  # a, b, turnout a, spanning a, 2's a, a after the bump
    finally:
        request_cache._store.reset(store)
    vc.get_or_compute("figures", 1, "a", fn)  # outside a request: read each time
    vc.get_or_compute("figures", 1, "a", fn)
    assert reads == [1, 2, 1, 1, 1]
    # A bump elsewhere is seen by the spanning figures read through an institute's
    # versions (they were read with them).
    vc.get_or_compute("figures", None, "a", fn)
    before = len(calls)
    vc.bump("figures", 2)
    vc.get_or_compute("figures", None, "a", fn)
    assert len(calls) == before + 1


def test_read_ahead_reads_a_pages_values_in_one_trip_and_never_a_bumped_one(
    monkeypatch,
):
    """A GET request's kept fragments are read in one round trip (read_ahead); the
    calls that follow find them without asking the cache again, a value not kept is
    computed, and after a bump the value read ahead is not served."""
    from core.request_cache import RequestCacheMiddleware

    trips = []
    values = vc._values()

    class Counted:
        def __getattr__(self, name):
            if name in ("get", "get_many"):
                trips.append(name)
            return getattr(values, name)

    monkeypatch.setattr(vc, "_values", Counted)
    specs = [(vc.FIGURES, 1, ("a",)), (vc.FIGURES, 1, ("b",)), None]

    def request(body):
        class Request:
            method = "GET"

        return RequestCacheMiddleware(lambda _request: body())(Request())

    def page():
        vc.read_ahead_fragments(*specs)
        return [
            vc.get_or_compute(*vc.fragment(spec), lambda spec=spec: f"new {spec[2]}")
            for spec in specs[:2]
        ]

    request(page)  # computes both: one read ahead, one read each
    vc.forget_local()  # as another process, which finds them in the shared cache
    trips.clear()
    assert request(page) == ["new ('a',)", "new ('b',)"]
    assert trips == ["get_many"]
    trips.clear()  # now this process has its copies: no trip at all
    assert request(page) == ["new ('a',)", "new ('b',)"]
    assert trips == []

    def bumped_in_between():
        vc.read_ahead_fragments(*specs)
        vc.bump(vc.FIGURES, 1)
        return vc.get_or_compute(*vc.fragment(specs[0]), lambda: "after the bump")

    assert request(bumped_in_between) == "after the bump"
    # Outside a GET request nothing is read ahead.
    trips.clear()
    vc.read_ahead_fragments(*specs)
    assert trips == []


class CountedReads:
    """The shared cache with its reads counted."""

    def __init__(self, monkeypatch):
        self.reads = []
        values = vc._values()
        outer = self

        class Counted:
            def __getattr__(self, name):
                if name in ("get", "get_many"):
                    outer.reads.append(name)
                return getattr(values, name)

        monkeypatch.setattr(vc, "_values", Counted)


def in_a_get_request(body):
    from core.request_cache import RequestCacheMiddleware

    class Request:
        method = "GET"

    return RequestCacheMiddleware(lambda _request: body())(Request())


def test_a_value_is_read_from_this_processs_copy_as_a_fresh_copy(monkeypatch):
    counted = CountedReads(monkeypatch)
    fn, calls = counting({"rows": [1, 2]})
    first = in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    first["rows"].append(3)  # a caller changing what it got changes nothing kept
    counted.reads.clear()
    again = in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    assert again == {"rows": [1, 2]} and again is not first
    assert counted.reads == [] and len(calls) == 1
    # Read from the shared cache once (kept by another process), then from here.
    vc.forget_local()
    in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    assert counted.reads == ["get"] and len(calls) == 1


def test_a_bump_by_another_process_is_seen_at_the_next_request():
    fn, calls = counting()
    in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    # Another process bumps: only the shared versions change, not this process.
    key = vc._version_key("figures", 1)
    vc._versions().set(key, "elsewhere", None)
    in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    assert len(calls) == 2
    in_a_get_request(lambda: vc.get_or_compute("figures", 1, "k", fn))
    assert len(calls) == 2


def test_versions_lost_with_the_shared_cache_start_again_unguessable():
    """After Redis restarts (or loses the versions), no copy this process kept under
    the versions before can match: versions start as random tokens, never as a
    fixed value."""
    fn, calls = counting()
    vc.get_or_compute("figures", 1, "k", fn)
    first = vc.versions("figures", 1)
    vc._versions().clear()  # the restart: every version gone, this process's copy kept
    vc.get_or_compute("figures", 1, "k", fn)
    assert len(calls) == 2
    second = vc.versions("figures", 1)
    assert first != second and "0" not in second + first


def test_this_processs_copies_expire_and_stay_within_their_bound(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(vc.time, "monotonic", lambda: now[0])
    fn, calls = counting("x" * 1000)
    monkeypatch.setattr(vc, "_values", lambda: _Forgetful())  # no shared cache
    vc.get_or_compute("figures", 1, "k", fn)
    vc.get_or_compute("figures", 1, "k", fn)
    assert len(calls) == 1
    now[0] += vc.TIMEOUT + 1
    vc.get_or_compute("figures", 1, "k", fn)
    assert len(calls) == 2
    monkeypatch.setattr(vc, "LOCAL_BYTES", 20_000)
    for n in range(30):
        vc.get_or_compute("figures", 1, ("many", n), fn)
    assert 10 < len(vc._local) < 20 and vc._local_size[0] <= 20_000
    assert vc._local_size[0] == sum(len(data) for _at, data in vc._local.values())
    kept = len(calls)
    vc.get_or_compute("figures", 1, ("many", 29), fn)  # the newest is still here
    assert len(calls) == kept
    vc.get_or_compute("figures", 1, ("many", 0), fn)  # the oldest went first
    assert len(calls) == kept + 1
    big = "y" * 2000  # over a sixteenth of the bound: shared cache only
    vc.get_or_compute("figures", 1, "big", lambda: big)
    assert all(len(data) < 2000 for _at, data in vc._local.values())


class _Forgetful:
    """A shared cache that keeps nothing."""

    def get(self, key, default=None):
        return default

    def get_many(self, keys):
        return {}

    def set(self, *args, **kwargs):
        pass


def test_figures_over_all_institutes_asked_first_read_the_expected_ones_too(
    monkeypatch,
):
    """A page that asks for figures over all institutes before its user's
    institute's (the branch categories) reads both institutes' versions in one
    round trip when it was told whose they are (the user's scope tells it)."""
    reads = []
    real = vc._read_versions
    monkeypatch.setattr(
        vc, "_read_versions", lambda own: (reads.append(own), real(own))[1]
    )
    fn, calls = counting()

    def page():
        vc.expect_institute(7)
        vc.get_or_compute("figures", None, "categories", fn)
        vc.get_or_compute("figures", 7, "panel", fn)
        vc.get_or_compute("figures", 8, "elsewhere", fn)  # another: read on its own

    in_a_get_request(page)
    assert reads == [7, 8] and len(calls) == 3
    in_a_get_request(page)
    assert len(calls) == 3  # all kept: the versions read together are the same
    vc.bump("figures", 7)
    in_a_get_request(page)
    assert len(calls) == 5  # the spanning figures and institute 7's, not 8's
