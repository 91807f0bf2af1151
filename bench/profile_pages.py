"""Per page, what a request costs in process, requested by several users in rotation.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://…/<bench db> \\
        python -m bench.profile_pages [--users 5] [--runs 7] [--top 0] [--json]

Needs a generated bench dataset in that database (``manage.py bench_generate --scale
demo`` or ``small``). Each benched page (bench.steps ``PAGES`` and the office pages of
``extra_pages``) is requested with Django's test client by up to ``--users`` different
users of its role in rotation (one client each, signed in), so a per-user cache cannot
flatter it: one warm-up round, then ``--runs`` timed rounds (median CPU ms of
``time.process_time``), one request under cProfile (Python function calls) and one under
``CaptureQueriesContext`` (SQL queries), each by the next user in turn. ``--top N``
prints the N heaviest functions (own time) of each page's profiled request.
"""

import argparse
import json
import statistics
import sys
import time

import django


def measure(clients: list, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import inprocess

    statuses = set()
    for client, path in clients:  # warm-up: every user once
        statuses.add(client.get(path).status_code)
    cpu = []
    turn = 0
    for _ in range(runs):
        for client, path in clients:
            started = time.process_time()
            statuses.add(client.get(path).status_code)
            cpu.append((time.process_time() - started) * 1000)
            turn += 1
    client, path = clients[turn % len(clients)]
    stats = inprocess.profile(lambda: client.get(path))
    queries = []
    for client, path in clients:
        with CaptureQueriesContext(connection) as captured:
            statuses.add(client.get(path).status_code)
        queries.append(len(captured.captured_queries))
    return {
        "statuses": sorted(statuses),
        "users": len(clients),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "cpu_ms_min": round(min(cpu), 2),
        "function_calls": stats.total_calls,
        "queries_max": max(queries),
        "queries_min": min(queries),
        "_stats": stats,
    }


def explain(client, path: str) -> list[dict]:
    """Each query of one warm request to ``path`` as PostgreSQL plans and runs it
    (``EXPLAIN ANALYZE``, in a transaction rolled back), heaviest first: planning and
    execution ms of a plan for its parameters (custom), and execution ms of the plan
    the application runs once psycopg has prepared the statement (``generic_ms``:
    ``PREPARE`` and ``EXECUTE`` under the connection's ``plan_cache_mode``, the
    settings' ``force_generic_plan``; a generic plan cannot read ``LIKE`` with a
    parameter through an index, nor size a join by the parameters' rows)."""
    from django.db import connection, transaction

    captured = []

    def keep(execute, sql, params, many, context):
        if not many and sql.lstrip(" (").upper().startswith("SELECT"):
            captured.append((sql, params))
        return execute(sql, params, many, context)

    client.get(path)  # warm
    with connection.execute_wrapper(keep):
        client.get(path)
    rows = []
    for n, (sql, params) in enumerate(captured):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            custom = _plan(cursor.fetchone()[0])
            generic = _generic_plan(connection, f"cx_explain_{n}", sql, params)
            transaction.set_rollback(True)
        rows.append(
            {
                "planning_ms": round(custom["Planning Time"], 2),
                "execution_ms": round(custom["Execution Time"], 2),
                "generic_ms": round(generic["Execution Time"], 2),
                "sql": " ".join(sql.split())[:160],
            }
        )
    return sorted(
        rows,
        key=lambda r: -(r["planning_ms"] + max(r["execution_ms"], r["generic_ms"])),
    )


def _plan(found) -> dict:
    return found[0] if isinstance(found, list) else json.loads(found)[0]


def _generic_plan(connection, name: str, sql: str, params) -> dict:
    """``EXPLAIN ANALYZE`` of ``sql`` prepared as ``name`` (its ``%s`` numbered) and
    executed with ``params`` written as literals, then deallocated."""
    from psycopg import ClientCursor
    from psycopg import sql as pgsql

    raw = connection.connection
    text = sql
    for i in range(1, sql.count("%s") + 1):
        text = text.replace("%s", f"${i}", 1)
    literals = ", ".join(
        pgsql.Literal(getattr(value, "value", value)).as_string(raw) for value in params
    )
    arguments = f"({literals})" if params else ""
    with ClientCursor(raw) as cursor:
        cursor.execute(f"PREPARE {name} AS {text}")
        try:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE {name}{arguments}")
            return _plan(cursor.fetchone()[0])
        finally:
            cursor.execute(f"DEALLOCATE {name}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated page keys")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="PostgreSQL's planning and execution ms of each query of a warm request",
    )
    args = parser.parse_args(argv)

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.test import Client

    from bench import generate, inprocess, steps
    from core import versioned_cache
    from organizations.models import User

    meta = generate.meta_read()
    specs = steps.pages(meta) + [
        {**page, "users": [(page["user"], page["path"])]}
        for page in steps.extra_pages(meta)
    ]
    if args.only:
        wanted = set(args.only.split(","))
        specs = [page for page in specs if page["key"] in wanted]
    names = {user for page in specs for user, _path in page["users"][: args.users]}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    clients: dict[str, Client] = {}
    for namespace in versioned_cache.NAMESPACES:  # start cold (no clear(): Redis)
        versioned_cache.bump(namespace)
    result = {}
    for page in specs:
        rotation = []
        for username, path in page["users"][: args.users]:
            if username not in clients:
                clients[username] = Client()
                clients[username].force_login(users[username])
            rotation.append((clients[username], path))
        row = measure(rotation, args.runs)
        stats = row.pop("_stats")
        result[page["key"]] = row
        if args.top:
            row["top"] = inprocess.top(stats, args.top, sort="own")
        if args.explain:
            row["explain"] = explain(*rotation[0])
    if args.json:
        print(json.dumps({"counts": meta["counts"], "pages": result}))
        return 0
    print(
        f"dataset: {meta['counts']['staff']} staff, {meta['counts']['members']} members"
    )
    print(f"{'page':<18} {'users':>5} {'CPU ms':>8} {'calls':>8} {'queries':>8} status")
    for key, row in result.items():
        queries = (
            str(row["queries_max"])
            if row["queries_max"] == row["queries_min"]
            else f"{row['queries_min']}-{row['queries_max']}"
        )
        print(
            f"{key:<18} {row['users']:>5} {row['cpu_ms_median']:>8} "
            f"{row['function_calls']:>8} {queries:>8} {row['statuses']}"
        )
        for line in row.get("top", []):
            print(f"    {line['own_s']:>8} {line['calls']:>7}  {line['function']}")
        for line in row.get("explain", []):
            print(
                f"    plan {line['planning_ms']:>6} ms  run {line['execution_ms']:>6} ms"
                f"  prepared {line['generic_ms']:>6} ms  {line['sql']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
