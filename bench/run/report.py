"""The report."""

import re

#: A page whose Python function calls a request rose by more than this share since
#: the previous run is flagged: the count hardly depends on the machine (its speed
#: does), so a rise is the code's. (A leader's home once gained a thousand calls
#: from one helper, unseen among run-to-run swings of its timings.)
CALLS_RISE = 0.03


def previous_calls(markdown: str) -> dict:
    """The previous run as its report was written (bench/RESULTS.md): when it ran
    and each page's Python calls a request, from its page table."""
    when = re.search(r"^Run (\S+)", markdown, re.M)
    calls: dict[str, int] = {}
    column = None
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| page (role, users) |"):
            column = cells.index("calls")
        elif column is not None and line.startswith("| "):
            if len(cells) > column and cells[column].isdigit():
                calls[cells[0].split(" (")[0]] = int(cells[column])
        elif column is not None and not line.startswith("|"):
            break
    return {"when": when.group(1) if when else None, "calls": calls}


def _ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def _header(result: dict) -> list[str]:
    m = result["machine"]
    ds = result["dataset"]["full"]
    return [
        f"Run {result['when']} ({result['size']} size) on {m['cpus']} × "
        f"{m['cpu_model']}, {m['memory_gib']} GiB RAM (CPU probe: 10⁷ Python additions "
        f"in {m.get('cpu_probe_seconds', '?')} s), PostgreSQL {m['postgresql']}, "
        f"Python {m['python']}; gunicorn {result['server']['gunicorn_workers']} "
        f"{result['server'].get('worker_class', 'gthread')} workers × "
        f"{result['server']['threads_per_worker']} threads, shared "
        f"figures cached in {result['server'].get('cache', '?')}, wrk with "
        f"{result['load']['page_connections']} connections, "
        f"{result['load']['seconds_per_page']} s per page, each page requested by "
        "its role's users in rotation. Load generator, server and PostgreSQL share "
        "the same machine.",
        "",
        f"Dataset: {ds['general_branches']} 党总支, {ds['branches']} 党支部, "
        f"{ds['staff']} staff, {ds['members']} members, {ds['plans']} plans, "
        f"{ds['pledges']} pledges ({ds['pledge_items']} items), {ds['records']} "
        f"records, {ds['news_reports']} news reports, a closed mass evaluation of "
        f"{ds['closed_round_ballots']} ballots ({ds['ballot_answers']} answers).",
        "",
    ]


def _pages(result: dict) -> list[str]:
    a, d = result["a_pages"], result["d_queries"]
    lines = [
        "| page (role, users) | p50 ms | p95 ms | req/s | p95 × bare | p95 ms, 1 user "
        "| CPU ms | calls | queries small | queries full |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| bare Django view (anonymous) | {a['bare']['p50_ms']} | "
        f"{a['bare']['p95_ms']} | {a['bare']['throughput']} | 1.0 | "
        f"{a['bare']['single_user']['p95_ms']} | – | – | – | – |",
    ]

    def inproc(key: str) -> str:
        full, demo = d["full"].get(key, {}), d["demo"].get(key, {})
        return (
            f"{full.get('cpu_ms_median', '–')} | {full.get('function_calls', '–')} | "
            f"{demo.get('queries', '–')} | {full.get('queries', '–')}"
        )

    for key, s in a["pages"].items():
        lines.append(
            f"| {key} ({s.get('role') or s['user']}, {s.get('distinct_users', 1)}) | "
            f"{s['p50_ms']} | {s['p95_ms']} | {s['throughput']} | "
            f"{s.get('p95_ratio_to_bare', '–')} | {s['single_user']['p95_ms']} | "
            f"{inproc(key)} |"
        )
    for key in d["full"]:
        if key not in a["pages"]:
            lines.append(
                f"| {key} (office, in process only) | – | – | – | – | – | {inproc(key)} |"
            )
    return lines


def _academy(result: dict) -> list[str]:
    f = result.get("f_academy")
    if not f:
        return []
    lines = [
        "",
        f"Academy: {f['institutes']} institutes, {f['counts']['staff']} staff on one "
        "deployment"
        + ("" if f["overview_present"] else " (academy overview: page not present)")
        + ".",
        "",
        "| academy page (users) | p50 ms | p95 ms | req/s | p95 ms, 1 user |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, s in f["pages"].items():
        if s.get("unexpected"):
            lines.append(f"| {key} | answered {s['unexpected']} | – | – | – |")
            continue
        lines.append(
            f"| {key} ({s.get('distinct_users', 1)}) | {s['p50_ms']} | {s['p95_ms']} | "
            f"{s['throughput']} | {s['single_user']['p95_ms']} |"
        )
    w, a = f["recompute_with_academy"], f["recompute_alone"]
    lines.append(
        f"\nOne institute's full recomputation ({w['scores']} scores): "
        f"{w['seconds']} s among {f['institutes']} institutes, {a['seconds']} s "
        f"alone (× {f['recompute_ratio']})."
    )
    return lines


def _mixed(result: dict) -> list[str]:
    g = result.get("g_mixed")
    if not g:
        return []
    lines = [
        "",
        f"Mixed: {g['connections']} users for {g['seconds']} s, every "
        f"{g['write_every']}th request a write ({g['writes_prepared']} prepared, "
        f"{g['writes_left']} left unused; {g['errors']} connection errors).",
        "",
        "| requests | count | req/s | p50 ms | p95 ms | acknowledged | stored |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| reads (benched pages in rotation) | {g['reads']['requests']} | "
        f"{g['reads']['per_second']} | {g['reads']['p50_ms']} | {g['reads']['p95_ms']} "
        "| – | – |",
    ]
    check = g["check"]
    for kind, s in g["writes"].items():
        stored = check.get(kind, {})
        lines.append(
            f"| writes: {kind} | {s['requests']} | {s['per_second']} | {s['p50_ms']} | "
            f"{s['p95_ms']} | {stored.get('acknowledged', '–')} | "
            f"{stored.get('applied', '–')} |"
        )
    return lines


def _measures(result: dict) -> list[str]:
    b, c, e = result["b_casting"], result["c_recompute"], result["e_memory_mib"]
    db = b["database"]
    lines = [
        "",
        "| measure | result |",
        "| --- | --- |",
        f"| (b) ballots cast by {result['load']['cast_connections']} voters | "
        f"{b['cast_per_second']}/s, p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms "
        f"({b['cast']} cast, {b['refused']} refused) |",
        f"| (b) has-voted rows = ballots (staged + mixed) | {db['participations']} = "
        f"{db['staged']} + {db['mixed_before']} |",
    ]
    if "insert_ceiling" in b:
        lines.append(
            f"| (b) raw insert ceiling of a cast ({b['insert_ceiling']['threads']} "
            f"threads, psycopg, no Django) | {b['insert_ceiling']['per_second']}/s; "
            f"casting reaches × {b['ratio_to_insert_ceiling']} of it |"
        )
    lines += [
        f"| (c) full score recomputation ({c['scores']} scores) | "
        f"{c['full_seconds']} s; one SQL aggregate over its input rows "
        f"{c['aggregate_seconds']} s (× {c['ratio_full_to_aggregate']}); nothing "
        f"changed {c['incremental_seconds']} s |",
        f"| (e) peak memory of a web worker (VmHWM) | {e['peak_mib']} MiB |",
    ]
    return lines


def _calls(result: dict) -> list[str]:
    before = result.get("previous_run") or {}
    if not before.get("calls"):
        return []
    lines = [
        "",
        f"Python calls a request against the previous run ({before['when']}; a rise "
        f"of more than {CALLS_RISE:.0%} is marked):",
        "",
        "| page | before | now | change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, now in result["d_queries"]["full"].items():
        old, new = before["calls"].get(key), now.get("function_calls")
        if not old or not isinstance(new, int):
            continue
        change = new / old - 1
        mark = " **more**" if change > CALLS_RISE else ""
        lines.append(f"| {key} | {old} | {new} | {change:+.1%}{mark} |")
    return lines


def _targets(result: dict) -> list[str]:
    v = result["verdicts"]
    lines = [
        "",
        f"Targets (issue 14): {v['met']} of {v['targets']} met.",
        "",
        "| target | value | limit | |",
        "| --- | ---: | ---: | --- |",
    ]
    for row in result["target_rows"]:
        lines.append(
            f"| {row['target']} | {row['value']} | {row['limit']} | {_ok(row['met'])} |"
        )
    return lines


def table(result: dict) -> str:
    """The results as Markdown (printed, and written to bench/RESULTS.md)."""
    lines = (
        _header(result)
        + _pages(result)
        + _academy(result)
        + _mixed(result)
        + _measures(result)
        + _calls(result)
        + _targets(result)
    )
    if result["other_busy_processes"]:
        lines += [
            "",
            "Other processes busy when the run started: "
            + ", ".join(result["other_busy_processes"])
            + f" (load average {result['machine']['load_average_at_start']}).",
        ]
    return "\n".join(lines) + "\n"
