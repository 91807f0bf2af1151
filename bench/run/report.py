"""The report."""

from bench.run.common import TARGETS


def table(result: dict) -> str:
    """The results as Markdown (printed, and written to bench/RESULTS.md)."""
    m = result["machine"]
    a, b, c = result["a_pages"], result["b_casting"], result["c_recompute"]
    d, e, v = result["d_queries"], result["e_memory_mib"], result["verdicts"]
    ds = result["dataset"]["full"]

    def ok(flag: bool) -> str:
        return "met" if flag else "**missed**"

    lines = [
        f"Run {result['when']} on {m['cpus']} × {m['cpu_model']}, "
        f"{m['memory_gib']} GiB RAM (CPU probe: 10⁷ Python additions in "
        f"{m.get('cpu_probe_seconds', '?')} s), PostgreSQL {m['postgresql']}, "
        f"Python {m['python']}; gunicorn {result['server']['gunicorn_workers']} "
        f"workers × {result['server']['threads_per_worker']} threads, wrk with "
        f"{result['load']['page_connections']} connections, "
        f"{result['load']['seconds_per_page']} s per page. Load generator, "
        "server and PostgreSQL share the same machine.",
        "",
        f"Dataset: {ds['general_branches']} 党总支, {ds['branches']} 党支部, "
        f"{ds['staff']} staff, {ds['members']} members, {ds['plans']} plans, "
        f"{ds['pledges']} pledges ({ds['pledge_items']} items), {ds['records']} "
        f"records, {ds['news_reports']} news reports, a closed mass evaluation of "
        f"{ds['closed_round_ballots']} ballots ({ds['ballot_answers']} answers).",
        "",
        "| page (user) | p50 ms | p95 ms | req/s | p95 × bare | p95 ms, 1 user | "
        "queries demo | queries full |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| bare Django view (anonymous) | {a['bare']['p50_ms']} | "
        f"{a['bare']['p95_ms']} | {a['bare']['throughput']} | 1.0 | "
        f"{a['bare']['single_user']['p95_ms']} | – | – |",
    ]
    for key, s in a["pages"].items():
        lines.append(
            f"| {key} ({s['user'].removeprefix('bench_')}) | {s['p50_ms']} | "
            f"{s['p95_ms']} | {s['throughput']} | {s['p95_ratio_to_bare']} | "
            f"{s['single_user']['p95_ms']} | "
            f"{d['demo'][key]['queries']} | {d['full'][key]['queries']} |"
        )
    for key in d["full"]:
        if key not in a["pages"]:
            lines.append(
                f"| {key} (office, queries only) | – | – | – | – | – | "
                f"{d['demo'][key]['queries']} | {d['full'][key]['queries']} |"
            )
    db = b["database"]
    lines += [
        "",
        "| measure | result | target | |",
        "| --- | --- | --- | --- |",
        f"| (a) worst page p95 at {result['load']['page_connections']} users | "
        f"{v['pages_p95']['worst_ms']} ms | ≤ {TARGETS['page_p95_ms']} ms | "
        f"{ok(v['pages_p95']['met'])} |",
        f"| (b) ballots cast by {result['load']['cast_connections']} voters | "
        f"{b['cast_per_second']}/s, p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms "
        f"({b['cast']} cast, {b['refused']} refused) | ≥ "
        f"{TARGETS['cast_per_second']}/s | {ok(v['casting']['met'])} |",
        f"| (b) has-voted rows = ballots (staged + mixed) | {db['participations']} = "
        f"{db['staged']} + {db['mixed_before']} ({v['casting']['in_flight_at_stop']} "
        "still in flight when wrk stopped) | equal, no duplicate | "
        f"{ok(v['casting']['no_lost_or_double_vote'])} |",
        *(
            [
                f"| (b) raw insert ceiling of a cast ({b['insert_ceiling']['threads']} "
                "threads, psycopg, no Django) | "
                f"{b['insert_ceiling']['per_second']}/s; casting reaches × "
                f"{b['ratio_to_insert_ceiling']} of it | – | |"
            ]
            if "insert_ceiling" in b
            else []
        ),
        f"| (c) full score recomputation ({c['scores']} scores) | "
        f"{c['full_seconds']} s; one SQL aggregate over its input rows "
        f"{c['aggregate_seconds']} s (× {c['ratio_full_to_aggregate']}); nothing "
        f"changed {c['incremental_seconds']} s | ≤ {TARGETS['recompute_seconds']} s | "
        f"{ok(v['recompute']['met'])} |",
        f"| (d) queries per page | demo = full: "
        f"{'yes' if v['queries']['same_at_both_sizes'] else 'no'}; max "
        f"{v['queries']['max']} | same, ≤ {TARGETS['max_queries']} | "
        f"{ok(v['queries']['met'])} |",
        f"| (e) peak memory of a web worker (VmHWM) | {e['peak_mib']} MiB | – | |",
    ]
    if result["other_busy_processes"]:
        lines += [
            "",
            "Other processes busy when the run started: "
            + ", ".join(result["other_busy_processes"])
            + f" (load average {m['load_average_at_start']}).",
        ]
    return "\n".join(lines) + "\n"
