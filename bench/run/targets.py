"""Issue 14's targets, each judged met or missed from one run's results (pure)."""

TARGETS = {
    "page_p95_ms": 150,  # every benched page at 20 connections
    "page_p95_ratio_to_bare": 10,  # … and at most this many times the bare view's p95
    "single_user_p95_ms": 50,
    "cpu_ms_median": 15,  # in process, at full size
    "max_queries": 20,  # and equal at demo and full size
    "rotation_users": 20,  # distinct secretaries, members, staff in each page's load
    "academy_p95_ms": 300,  # academy overview and an institute's office home
    "institute_recompute_ratio": 1.25,  # one institute with the academy ÷ alone
    "recompute_seconds": 5,
    "cast_per_second": 100,
}
ROTATED_ROLES = ("secretary", "member", "staff")  # ≥ 20 users each (issue 14)


def check(name: str, value, limit, *, at_least: bool = False, note: str = "") -> dict:
    """One target: ``value`` against ``limit`` (at most, or at least); no value is a
    miss, with the note saying why."""
    if value is None or isinstance(value, bool):
        met = bool(value)
        shown = "yes" if value else (note or "no")
        return {"target": name, "value": shown, "limit": "yes", "met": met}
    met = value >= limit if at_least else value <= limit
    return {
        "target": name,
        "value": value,
        "limit": f"{'≥' if at_least else '≤'} {limit}",
        "met": met,
        **({"note": note} if note else {}),
    }


def _pages(result: dict) -> list[dict]:
    rows = []
    pages = result["a_pages"]["pages"]
    for key, s in pages.items():
        rows.append(check(f"{key} p95 ms, 20 connections", s["p95_ms"], 150))
        rows.append(
            check(
                f"{key} p95 × bare view",
                s["p95_ratio_to_bare"],
                TARGETS["page_p95_ratio_to_bare"],
            )
        )
        rows.append(
            check(
                f"{key} p95 ms, one user",
                s["single_user"]["p95_ms"],
                TARGETS["single_user_p95_ms"],
            )
        )
        if s.get("role") in ROTATED_ROLES:
            rows.append(
                check(
                    f"{key} distinct {s['role']}s in rotation",
                    s.get("distinct_users"),
                    TARGETS["rotation_users"],
                    at_least=True,
                )
            )
        failed = (s.get("unexpected") or 0) + sum((s.get("errors") or {}).values())
        if failed:
            rows.append(
                check(
                    f"{key} answers every request with 200",
                    False,
                    None,
                    note=f"{failed} not 200, timed out or failed",
                )
            )
    return rows


def _inprocess(result: dict) -> list[dict]:
    rows = []
    full, small = result["d_queries"]["full"], result["d_queries"]["demo"]
    for key, d in full.items():
        if "cpu_ms_median" in d:
            rows.append(
                check(
                    f"{key} median CPU ms in process ({result['size']} size)",
                    d["cpu_ms_median"],
                    TARGETS["cpu_ms_median"],
                )
            )
        rows.append(check(f"{key} queries", d["queries"], TARGETS["max_queries"]))
        same = small.get(key, {}).get("queries") == d["queries"]
        rows.append(
            check(f"{key} queries equal at both sizes", same, None, note="differ")
        )
    return rows


def _academy(result: dict) -> list[dict]:
    academy = result.get("f_academy")
    if not academy:
        return [check("academy measured", False, None, note="not run")]
    rows = []
    if not academy.get("overview_present"):
        rows.append(
            check(
                "academy_overview p95 ms, 20 connections",
                False,
                None,
                note="missed: page not present",
            )
        )
    for key, s in academy["pages"].items():
        rows.append(
            check(f"{key} p95 ms, 20 connections", s["p95_ms"], 300)
            if not s.get("unexpected")
            else check(
                f"{key} p95 ms, 20 connections",
                False,
                None,
                note=f"missed: {s['unexpected']} answers not 200",
            )
        )
    ratio = academy.get("recompute_ratio")
    rows.append(
        check(
            "one institute's recompute, with the academy ÷ alone",
            ratio,
            TARGETS["institute_recompute_ratio"],
        )
    )
    return rows


def evaluate(result: dict) -> list[dict]:
    """Every target of issue 14 with met/missed, in the order the report lists them."""
    rows = _pages(result) + _inprocess(result) + _academy(result)
    c = result["c_recompute"]
    rows.append(
        check(
            f"full score recomputation s ({result['size']} size)",
            c["full_seconds"],
            TARGETS["recompute_seconds"],
        )
    )
    b = result["b_casting"]
    rows.append(
        check(
            "ballots cast per second, 50 voters",
            b["cast_per_second"],
            TARGETS["cast_per_second"],
            at_least=True,
        )
    )
    db = b["database"]
    rows.append(
        check(
            "casting: has-voted rows = ballots, no pair twice",
            db["participations"] == db["ballots_total"] == db["distinct_voter_target"],
            None,
            note="differ",
        )
    )
    mixed = result.get("g_mixed")
    if mixed:
        rows.append(
            check(
                "mixed reads and writes: every acknowledged write stored",
                mixed["check"]["nothing_lost"],
                None,
                note="lost writes",
            )
        )
    return rows


def summary(rows: list[dict]) -> dict:
    missed = [r["target"] for r in rows if not r["met"]]
    return {"targets": len(rows), "met": len(rows) - len(missed), "missed": missed}
