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

SESSION_COPIES = 20  # one session per concurrent connection of a page's user
CAST_VOTERS = 500  # voters whose sessions the casting run rotates through


def pages(meta: dict) -> list[dict]:
    """The ten busiest pages of the evaluation window, each as the user who opens it."""
    ids = meta["ids"]
    return [
        {"key": "home_member", "user": "bench_member", "path": "/"},
        {"key": "home_secretary", "user": "bench_secretary", "path": "/"},
        {"key": "home_office", "user": "bench_office", "path": "/"},
        {"key": "board", "user": "bench_staff", "path": "/board/"},
        {
            "key": "board_unit",
            "user": "bench_staff",
            "path": f"/board/unit/{ids['branch']}/",
        },
        {
            "key": "pledge",
            "user": "bench_member",
            "path": f"/pledges/{ids['pledge']}/",
        },
        {"key": "plans", "user": "bench_office", "path": "/plans/"},
        {"key": "vote_list", "user": "bench_staff", "path": "/vote/"},
        {
            "key": "ballot_form",
            "user": "bench_staff",
            "path": f"/vote/{ids['open_round']}/{ids['staff_target']}/",
        },
        {"key": "roster", "user": "bench_office", "path": "/people/"},
    ]


def extra_pages(meta: dict) -> list[dict]:
    """Pages whose query count is reported too, but which are not loaded with wrk."""
    return [
        {"key": "org_tree", "user": "bench_office", "path": "/org/"},
        {"key": "office_dashboard", "user": "bench_office", "path": "/dashboard/"},
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
    """Queries of one request to each page, after one warm-up request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import generate
    from organizations.models import User

    meta = generate.meta_read()
    result = {}
    for page in pages(meta) + extra_pages(meta):
        client = Client()
        client.force_login(User.objects.get(username=page["user"]))
        client.get(page["path"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"])
        result[page["key"]] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
        }
    return {"counts": meta["counts"], "pages": result}


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.middleware import LOGIN_TIME_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_TIME_KEY] = int(time.time())
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


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
    users = {u.username: u for u in User.objects.filter(username__in=meta["accounts"])}
    result_pages = []
    for page in pages(meta):
        user = users[page["user"]]
        cookies = [_session_cookie(user) for _ in range(SESSION_COPIES)]
        result_pages.append({**page, "cookies": cookies})
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
