"""The in-process steps of the benchmark, one Django process each (``bench.run`` calls
them with the bench settings and the database to use):

    python -m bench.steps queries     SQL queries per page (test client, one warm-up)
    python -m bench.steps prepare     sessions for wrk, the casting round emptied
    python -m bench.steps cast_check  what the casting run left in the database
    python -m bench.steps recompute   full score recomputation vs one SQL aggregate
    python -m bench.steps insert_ceiling  raw inserts a cast makes, without Django

Each prints one JSON object on its last line of output.
"""

import json
import secrets
import statistics
import string
import sys
import time

import django
import django.db.models

SESSION_COPIES = 20  # sessions per page: one per concurrent connection at least
CAST_VOTERS = 500  # voters whose sessions the casting run rotates through

# The benched pages: key, the role that opens it, its path for one user of that role.
PAGES = (
    ("home_member", "member", lambda meta, user: "/"),
    ("home_secretary", "secretary", lambda meta, user: "/"),
    ("home_gsec", "gsec", lambda meta, user: "/"),
    ("home_office", "office", lambda meta, user: "/"),
    ("home_leader", "leader", lambda meta, user: "/"),
    ("office_dashboard", "office", lambda meta, user: "/dashboard/"),
    ("board", "staff", lambda meta, user: "/board/"),
    (
        "board_unit",
        "staff",
        lambda meta, user: f"/board/unit/{meta['branch_of'][user]}/",
    ),
    ("pledge", "member", lambda meta, user: f"/pledges/{meta['pledge_of'][user]}/"),
    ("plans", "office", lambda meta, user: "/plans/"),
    ("vote_list", "staff", lambda meta, user: "/vote/"),
    (
        "ballot_form",
        "staff",
        lambda meta, user: (
            f"/vote/{meta['ids']['open_round']}/{meta['ids']['staff_target']}/"
        ),
    ),
    ("roster", "office", lambda meta, user: "/people/"),
)


def rotation(users: list[str], at_least: int = SESSION_COPIES) -> list[tuple[str, int]]:
    """The order the load's requests go through a page's users: every user in turn,
    then again, until there are ``at_least`` entries (user, copy); two consecutive
    requests never come from the same user unless there is only one."""
    if not users:
        return []
    rounds = -(-at_least // len(users))  # ceiling
    return [(user, copy) for copy in range(rounds) for user in users]


def pages(meta: dict) -> list[dict]:
    """The benched pages, each with its first user and path, and all its users."""
    result = []
    for key, role, path_of in PAGES:
        users = meta["roles"][role]
        result.append(
            {
                "key": key,
                "role": role,
                "user": users[0],
                "path": path_of(meta, users[0]),
                "users": [(user, path_of(meta, user)) for user in users],
            }
        )
    return result


def academy_pages(meta: dict) -> list[dict]:
    """The academy's overview (as the academy office) and the institutes' office
    homes (as every institute's office accounts in turn)."""
    offices = [u for inst in meta["institutes"] for u in inst["roles"]["office"]]
    return [
        {
            "key": "academy_overview",
            "role": "academy office",
            "user": "bench_academy",
            "path": "/academy/",
            "users": [("bench_academy", "/academy/")],
        },
        {
            "key": "institute_office_home",
            "role": "office",
            "user": offices[0],
            "path": "/",
            "users": [(user, "/") for user in offices],
        },
    ]


def extra_pages(meta: dict) -> list[dict]:
    """Pages whose in-process cost is reported too, but which are not loaded."""
    return [
        {"key": "org_tree", "user": "bench_office", "path": "/org/"},
        {"key": "news_matrix", "user": "bench_office", "path": "/news/matrix/"},
        {
            "key": "ranking",
            "user": "bench_office",
            "path": f"/scores/{meta['ids']['campaign']}/",
        },
    ]


def _setup() -> None:
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def step_queries() -> dict:
    """Per page, one request's status, queries, median CPU and function calls
    (bench/inprocess.py), after a warm-up, as the page's first user."""
    from django.test import Client

    from bench import generate, inprocess
    from organizations.models import User

    meta = generate.meta_read()
    result = {}
    for page in pages(meta) + extra_pages(meta):
        client = Client()
        client.force_login(User.objects.get(username=page["user"]))
        result[page["key"]] = inprocess.page_cost(client, page["path"])
    return {"counts": meta["counts"], "pages": result}


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.middleware import LOGIN_TIME_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "core.auth.Backend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_TIME_KEY] = int(time.time())
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def _sessions(specs: list[dict], users: dict) -> list[dict]:
    """Each page with its requests in rotation: a signed-in session per user (one
    per user, shared by the user's pages) and the path that user asks for."""
    cookies: dict[str, str] = {}
    result = []
    for page in specs:
        path_of = dict(page["users"])
        requests = []
        for username, _copy in rotation([u for u, _p in page["users"]]):
            if username not in cookies:
                cookies[username] = _session_cookie(users[username])
            requests.append({"cookie": cookies[username], "path": path_of[username]})
        result.append({**page, "requests": requests, "distinct_users": len(path_of)})
    return result


def step_prepare() -> dict:
    """Signed-in sessions for wrk and an empty casting round (so every run starts equal)."""
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from bench import generate
    from evaluations.models import Ballot, Participation, Round, StagedBallot
    from organizations.models import User

    meta = generate.meta_read()
    round = Round.objects.get(pk=meta["ids"]["open_round"])
    with transaction.atomic():
        Session.objects.all().delete()  # the last run's (bench database only)
        Participation.objects.filter(round=round).delete()
        Ballot.objects.filter(round=round).delete()
        StagedBallot.objects.filter(round=round).delete()
    specs = pages(meta)
    names = {u for page in specs for u, _p in page["users"]}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    result_pages = _sessions(specs, users)
    voters = []
    for user in User.objects.filter(username__in=meta["voters"][:CAST_VOTERS]):
        secret = _csrf_secret()
        cookie = f"{_session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={secret}"
        voters.append({"cookie": cookie, "csrf": secret})
    questions = list(round.questions.order_by("order").values_list("pk", flat=True))
    body = "&".join(f"q{pk}=4" for pk in questions) + "&comment="
    return {
        "pages": result_pages,
        "cast": {
            "round": round.pk,
            "prefix": f"/vote/{round.pk}/",
            "targets": list(round.targets.order_by("pk").values_list("pk", flat=True)),
            "voters": voters,
            "body": body,
        },
    }


def step_academy_prepare() -> dict:
    """Sessions for the academy's pages; whether the academy overview exists yet."""
    from django.contrib.sessions.models import Session
    from django.urls import NoReverseMatch, reverse

    from bench import generate
    from organizations.models import User

    meta = generate.meta_read()
    Session.objects.all().delete()
    try:
        overview = reverse("academy:overview")
    except NoReverseMatch:
        overview = None
    specs = academy_pages(meta)
    if overview is None:
        specs = [p for p in specs if p["key"] != "academy_overview"]
    else:
        specs[0]["path"] = overview
        specs[0]["users"] = [("bench_academy", overview)]
    names = {u for page in specs for u, _p in page["users"]}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    return {
        "pages": _sessions(specs, users),
        "overview_present": overview is not None,
        "counts": meta["counts"],
        "institutes": meta["academy"]["institutes"],
    }


def step_cast_check() -> dict:
    """Has-voted rows and ballots of the casting round: they must match one to one."""
    from bench import generate
    from evaluations.ballots import services as ballot_services
    from evaluations.models import Ballot, Participation, Round, StagedBallot

    meta = generate.meta_read()
    round = Round.objects.get(pk=meta["ids"]["open_round"])
    participations = Participation.objects.filter(round=round).count()
    staged = StagedBallot.objects.filter(round=round).count()
    mixed = Ballot.objects.filter(round=round).count()
    duplicates = (
        Participation.objects.filter(round=round)
        .values("voter_id", "target_id")
        .distinct()
        .count()
    )
    started = time.perf_counter()
    moved = ballot_services.round_mix(round=round)
    mix_seconds = time.perf_counter() - started
    return {
        "participations": participations,
        "distinct_voter_target": duplicates,
        "staged": staged,
        "mixed_before": mixed,
        "ballots_total": staged + mixed,
        "mix_moved": moved,
        "mix_seconds": round_(mix_seconds),
    }


def round_(value: float, digits: int = 4) -> float:
    return round(value, digits)


class _Rollback(Exception):
    pass


def _aggregate_sql(campaign_id: int) -> tuple[str, list]:
    """One SQL statement over the rows the computation reads, grouped by subject."""
    from evaluations.models import (
        DaitouRating,
        Finding,
        QuestionTally,
        Round,
        ScoreSheet,
        SheetMark,
        TargetTally,
    )

    t = {
        "InspectionRound": Finding._meta.get_field("round").related_model._meta.db_table
    }
    t |= {
        m.__name__: m._meta.db_table
        for m in (
            DaitouRating,
            Finding,
            QuestionTally,
            Round,
            ScoreSheet,
            SheetMark,
            TargetTally,
        )
    }
    sql = f"""
        SELECT kind, subject, count(*), sum(value) FROM (
            SELECT 'mark' AS kind, m.sheet_id AS subject, m.points AS value
              FROM {t["SheetMark"]} m JOIN {t["ScoreSheet"]} s ON s.id = m.sheet_id
             WHERE s.campaign_id = %s
            UNION ALL
            SELECT 'daitou', d.person_id,
                   CASE d.rating WHEN 'good' THEN 4 WHEN 'fair' THEN 3
                                 WHEN 'average' THEN 2 ELSE 1 END
              FROM {t["DaitouRating"]} d WHERE d.campaign_id = %s
            UNION ALL
            SELECT 'tally', tt.target_id, tt.mean
              FROM {t["TargetTally"]} tt JOIN {t["Round"]} r ON r.id = tt.round_id
             WHERE r.campaign_id = %s
            UNION ALL
            SELECT 'question', qt.tally_id, qt.mean
              FROM {t["QuestionTally"]} qt
              JOIN {t["TargetTally"]} tt ON tt.id = qt.tally_id
              JOIN {t["Round"]} r ON r.id = tt.round_id
             WHERE r.campaign_id = %s
            UNION ALL
            SELECT 'finding', f.unit_id, 1
              FROM {t["Finding"]} f
              JOIN {t["InspectionRound"]} r ON r.id = f.round_id
             WHERE r.campaign_id = %s
        ) rows GROUP BY kind, subject
    """  # noqa: S608  # nosec B608: model table names only
    return sql, [campaign_id] * 5


def _ballot_sql(round_id: int) -> tuple[str, list]:
    """The raw count behind the mass evaluation's tally: every answer of every ballot."""
    from evaluations.models import Ballot, BallotAnswer

    sql = f"""
        SELECT b.target_id, a.question_id, a.rating, count(*)
          FROM {BallotAnswer._meta.db_table} a
          JOIN {Ballot._meta.db_table} b ON b.id = a.ballot_id
         WHERE b.round_id = %s
         GROUP BY b.target_id, a.question_id, a.rating
    """  # noqa: S608  # nosec B608: model table names only
    return sql, [round_id]


def _timed_sql(sql: str, params: list) -> tuple[float, int]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = len(cursor.fetchall())
    return time.perf_counter() - started, rows


def step_recompute(repeat: int = 3) -> dict:
    """Time ``scores_compute`` from nothing stored (full) and again with nothing changed
    (incremental), against one SQL aggregate over the same input rows; rolled back."""
    from django.db import transaction

    from bench import generate
    from evaluations.models import Score
    from evaluations.scoring import services as scoring_services
    from pledges.models import Campaign

    meta = generate.meta_read()
    campaign = Campaign.objects.get(pk=meta["ids"]["campaign"])
    full, warm, scores = [], [], 0
    try:
        with transaction.atomic():
            for _ in range(repeat):
                Score.objects.filter(campaign=campaign).delete()
                started = time.perf_counter()
                scoring_services.scores_compute(campaign=campaign)
                full.append(time.perf_counter() - started)
                started = time.perf_counter()
                scoring_services.scores_compute(campaign=campaign)
                warm.append(time.perf_counter() - started)
            scores = Score.objects.filter(campaign=campaign).count()
            raise _Rollback
    except _Rollback:
        pass
    sql, params = _aggregate_sql(campaign.pk)
    aggregate = [_timed_sql(sql, params) for _ in range(repeat)]
    ballot_sql, ballot_params = _ballot_sql(meta["ids"]["closed_round"])
    ballots = [_timed_sql(ballot_sql, ballot_params) for _ in range(repeat)]
    full_s = statistics.median(full)
    aggregate_s = statistics.median(a for a, _n in aggregate)
    return {
        "scores": scores,
        "full_seconds": round_(full_s),
        "incremental_seconds": round_(statistics.median(warm)),
        "aggregate_seconds": round_(aggregate_s),
        "aggregate_groups": aggregate[0][1],
        "ratio_full_to_aggregate": round_(full_s / aggregate_s, 1),
        "ballot_aggregate_seconds": round_(statistics.median(b for b, _n in ballots)),
        "ballot_aggregate_groups": ballots[0][1],
        "runs": repeat,
    }


def _step_input() -> dict:
    """What the runner handed this step (a JSON file named in BENCH_STEP_INPUT)."""
    import os
    from pathlib import Path

    name = os.environ.get("BENCH_STEP_INPUT")
    return json.loads(Path(name).read_text()) if name else {}


def _institute_campaign(meta: dict):
    from pledges.models import Campaign

    ids = meta["institutes"][0]["ids"] if "institutes" in meta else meta["ids"]
    return Campaign.objects.get(pk=ids["campaign"])


def step_recompute_institute(repeat: int = 5) -> dict:
    """One institute's full score recomputation (the first institute of an academy
    database), median of ``repeat``, rolled back: run on the academy and on a
    database holding that institute alone, it shows whether the others weigh on it."""
    from django.db import transaction

    from bench import generate
    from evaluations.models import Score
    from evaluations.scoring import services as scoring_services

    meta = generate.meta_read()
    campaign = _institute_campaign(meta)
    times, scores = [], 0
    try:
        with transaction.atomic():
            for _ in range(repeat):
                Score.objects.filter(campaign=campaign).delete()
                started = time.perf_counter()
                scoring_services.scores_compute(campaign=campaign)
                times.append(time.perf_counter() - started)
            scores = Score.objects.filter(campaign=campaign).count()
            raise _Rollback
    except _Rollback:
        pass
    return {
        "institutes": (meta.get("academy") or {}).get("institutes", 1),
        "scores": scores,
        "seconds": round_(statistics.median(times)),
        "runs": repeat,
    }


MIXED_WRITES = 400  # at most this many of each kind of write are prepared


def _reset(pledges, status: str, now) -> None:
    """Put pledges that are not published back at ``status`` (bench database only),
    so each run's filings and approvals start from the same state."""
    from pledges.models import Pledge, Status

    fields = {"status": status, "updated_at": now, "approved_at": None}
    fields["approved_by"] = None
    fields["submitted_at"] = None if status == Status.DRAFT else now
    Pledge.objects.filter(pk__in=[p.pk for p in pledges]).update(**fields)


def _progress_writes(meta, users, signed_in) -> tuple[list, dict]:
    """The rotated members report progress on the items of their published pledge."""
    from organizations.access import scope_of
    from pledges.models import PledgeItem, ProgressStatus
    from pledges.services.fulfilment import can_report

    writes, before = [], {}
    for username in meta["roles"]["member"]:
        user = users[username]
        scope = scope_of(user)
        items = PledgeItem.objects.select_related("pledge").filter(
            pledge_id=meta["pledge_of"][username]
        )
        for item in items:
            if can_report(scope, item):
                before[item.pk] = item.updates.count()
                writes.append(
                    {
                        "kind": "progress",
                        "id": item.pk,
                        "path": f"/progress/item/{item.pk}/",
                        "body": f"status={ProgressStatus.ON_TRACK}&percent=60"
                        "&text=%E5%9F%BA%E5%87%86%E6%B5%8B%E8%AF%95",
                        **signed_in(user),
                    }
                )
    return writes, before


def _file_writes(meta, voter_users, signed_in, now) -> list:
    """Voters who are party members submit their pledge (put back to draft first)."""
    from organizations.access import scope_of
    from pledges.models import Pledge, Status

    drafts = list(
        Pledge.objects.filter(
            campaign_id=meta["ids"]["campaign"],
            person__user__in=voter_users,
            status__in=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED],
        ).select_related("person__user")[:MIXED_WRITES]
    )
    _reset(drafts, Status.DRAFT, now)
    writes = []
    for pledge in drafts:
        pledge.status = Status.DRAFT
        user = pledge.person.user
        if pledge.can_edit(scope_of(user)):
            writes.append(
                {
                    "kind": "file",
                    "id": pledge.pk,
                    "path": f"/pledges/{pledge.pk}/submit/",
                    "body": "",
                    **signed_in(user),
                }
            )
    return writes


def _approve_writes(meta, signed_in, now) -> list:
    """The rotated secretaries approve submitted pledges of their branch."""
    from organizations.access import scope_of
    from organizations.models import Role, User
    from pledges.models import Pledge, Status

    approver_of = {}
    for user in User.objects.filter(username__in=meta["roles"]["secretary"]):
        for node_id in Role.objects.filter(
            person__user=user, kind=Role.Kind.SECRETARY
        ).values_list("node_id", flat=True):
            approver_of[node_id] = user
    submitted = list(
        Pledge.objects.filter(
            campaign_id=meta["ids"]["campaign"],
            unit_id__in=approver_of,
            person__user__isnull=True,
            status__in=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED],
        )[:MIXED_WRITES]
    )
    _reset(submitted, Status.SUBMITTED, now)
    writes = []
    for pledge in submitted:
        pledge.status = Status.SUBMITTED
        user = approver_of[pledge.unit_id]
        if pledge.can_approve(scope_of(user)):
            writes.append(
                {
                    "kind": "approve",
                    "id": pledge.pk,
                    "path": f"/pledges/{pledge.pk}/approve/",
                    "body": "",
                    **signed_in(user),
                }
            )
    return writes


def _vote_writes(meta, voter_users, signed_in) -> list:
    """Voters from the end of the list cast ballots on targets they have not rated."""
    from evaluations.models import Participation, Round

    round = Round.objects.get(pk=meta["ids"]["open_round"])
    questions = list(round.questions.order_by("order").values_list("pk", flat=True))
    body = "&".join(f"q{pk}=4" for pk in questions) + "&comment="
    done = set(
        Participation.objects.filter(round=round).values_list("voter_id", "target_id")
    )
    targets = list(round.targets.order_by("pk").values_list("pk", flat=True))
    writes = []
    for user in voter_users.select_related("person").order_by("-username")[:200]:
        for target in targets:
            if len(writes) < MIXED_WRITES and (user.person.pk, target) not in done:
                writes.append(
                    {
                        "kind": "vote",
                        "id": [user.person.pk, target],
                        "path": f"/vote/{round.pk}/{target}/",
                        "body": body,
                        **signed_in(user),
                    }
                )
    return writes


def step_mixed_prepare() -> dict:
    """The mixed scenario's reads (the benched pages in rotation) and writes:
    members report progress on their items, members file (submit) their draft
    pledge, secretaries approve submitted pledges of their branch, voters cast
    ballots in the open round. Each write is prepared once, and allowed to its
    user by the same access rules the views apply."""
    from django.conf import settings
    from django.utils import timezone

    from bench import generate
    from organizations.models import User

    meta = generate.meta_read()
    cookies: dict[str, dict] = {}

    def signed_in(user) -> dict:
        if user.username not in cookies:
            secret = _csrf_secret()
            cookie = f"{_session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={secret}"
            cookies[user.username] = {"cookie": cookie, "csrf": secret}
        return cookies[user.username]

    specs = pages(meta)
    names = {u for page in specs for u, _p in page["users"]}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    reads = [
        {"page": page["key"], **request}
        for page in _sessions(specs, users)
        for request in page["requests"]
    ]
    voter_users = User.objects.filter(username__in=meta["voters"])
    now = timezone.now()
    progress, before = _progress_writes(meta, users, signed_in)
    writes = (
        progress
        + _file_writes(meta, voter_users, signed_in, now)
        + _approve_writes(meta, signed_in, now)
        + _vote_writes(meta, voter_users, signed_in)
    )
    return {
        "reads": reads,
        "writes": _interleave(writes),
        "progress_before": before,
        "round": meta["ids"]["open_round"],
    }


def _interleave(writes: list[dict]) -> list[dict]:
    """The writes with their kinds taken in turn (progress, file, approve, vote, …)."""
    by_kind: dict[str, list] = {}
    for write in writes:
        by_kind.setdefault(write["kind"], []).append(write)
    result = []
    queues = list(by_kind.values())
    while any(queues):
        for queue in queues:
            if queue:
                result.append(queue.pop(0))
    return result


def step_mixed_check(data: dict | None = None) -> dict:
    """Every write the mixed run had acknowledged is in the database: progress
    reports counted per item, filed and approved pledges at their new status, each
    vote's has-voted row; and has-voted rows = ballots (nothing lost, none twice)."""
    from evaluations.models import Ballot, Participation, Round, StagedBallot
    from pledges.models import Pledge, ProgressUpdate, Status

    data = data if data is not None else _step_input()
    acked = data["acknowledged"]  # kind -> list of ids (a progress id once per ack)
    result = {}
    before = {int(k): v for k, v in data["progress_before"].items()}
    expected: dict[int, int] = {}
    for item in acked.get("progress", []):
        expected[item] = expected.get(item, 0) + 1
    counts = dict(
        ProgressUpdate.objects.filter(item_id__in=expected)
        .values_list("item_id")
        .annotate(n=django.db.models.Count("pk"))
    )
    added = {item: counts.get(item, 0) - before.get(item, 0) for item in expected}
    result["progress"] = {
        "acknowledged": sum(expected.values()),
        "applied": sum(min(added[i], expected[i]) for i in expected),
    }
    for kind, status in (("file", Status.SUBMITTED), ("approve", Status.APPROVED)):
        ids = acked.get(kind, [])
        applied = Pledge.objects.filter(pk__in=ids, status=status).count()
        result[kind] = {"acknowledged": len(ids), "applied": applied}
    pairs = [tuple(p) for p in acked.get("vote", [])]
    round = Round.objects.get(pk=data["round"])
    voted = set(
        Participation.objects.filter(round=round).values_list("voter_id", "target_id")
    )
    participations = Participation.objects.filter(round=round).count()
    ballots = (
        StagedBallot.objects.filter(round=round).count()
        + Ballot.objects.filter(round=round).count()
    )
    result["vote"] = {
        "acknowledged": len(pairs),
        "applied": sum(1 for p in pairs if p in voted),
        "participations": participations,
        "ballots": ballots,
    }
    for entry in result.values():
        entry["lost"] = entry["acknowledged"] - entry["applied"]
    result["nothing_lost"] = all(
        e["lost"] == 0 for k, e in result.items() if isinstance(e, dict)
    ) and (participations == ballots)
    return result


CEILING_THREADS = 50  # as many as the casting run's connections
CEILING_SECONDS = 10


def step_insert_ceiling() -> dict:
    """The raw insert ceiling a cast is compared with: what one cast writes (a
    has-voted row and a ballot row with its answers, in one transaction, each a
    unique pair), done straight through psycopg by as many threads as the casting
    run has voters, without Django, sessions, eligibility or the page."""
    import threading

    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["autocommit"] = True
    with psycopg.connect(**params) as setup:
        setup.execute("DROP TABLE IF EXISTS bench_ceiling_voted, bench_ceiling_ballot")
        setup.execute(
            "CREATE TABLE bench_ceiling_voted (id bigserial PRIMARY KEY, "
            "voter integer NOT NULL, target integer NOT NULL, "
            "at timestamptz NOT NULL DEFAULT now(), UNIQUE (voter, target))"
        )
        setup.execute(
            "CREATE TABLE bench_ceiling_ballot (id bigserial PRIMARY KEY, "
            "target integer NOT NULL, receipt text NOT NULL UNIQUE, answers jsonb)"
        )
    counts = [0] * CEILING_THREADS
    stop = time.monotonic() + CEILING_SECONDS

    def work(n: int) -> None:
        with psycopg.connect(**params) as conn:
            i = 0
            while time.monotonic() < stop:
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO bench_ceiling_voted (voter, target) "
                        "VALUES (%s, %s)",
                        [n, i],
                    )
                    conn.execute(
                        "INSERT INTO bench_ceiling_ballot (target, receipt, answers) "
                        "VALUES (%s, %s, %s)",
                        [i, f"{n}-{i}-{secrets.token_hex(6)}", '{"q1": 4}'],
                    )
                i += 1
            counts[n] = i

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(CEILING_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    with psycopg.connect(**params) as setup:
        setup.execute("DROP TABLE bench_ceiling_voted, bench_ceiling_ballot")
    return {
        "threads": CEILING_THREADS,
        "seconds": round_(elapsed, 2),
        "casts": sum(counts),
        "per_second": round_(sum(counts) / elapsed, 1),
    }


STEPS = {
    "queries": step_queries,
    "prepare": step_prepare,
    "academy_prepare": step_academy_prepare,
    "recompute_institute": step_recompute_institute,
    "mixed_prepare": step_mixed_prepare,
    "mixed_check": step_mixed_check,
    "cast_check": step_cast_check,
    "recompute": step_recompute,
    "insert_ceiling": step_insert_ceiling,
}


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[1] not in STEPS:
        sys.exit(f"usage: python -m bench.steps {{{','.join(STEPS)}}}")
    _setup()
    result = STEPS[argv[1]]()
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv)
