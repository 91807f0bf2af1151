"""The benchmark's pure logic: rotation of users, targets met/missed, the mixed
scenario's acknowledgement and percentiles (no server, no load)."""

import copy

import pytest

from bench.generate import role_username, spread
from bench.run import mixed
from bench.run.targets import TARGETS, check, evaluate, summary
from bench.steps import _interleave, rotation


def test_rotation_takes_every_user_in_turn_until_there_are_enough_requests():
    order = rotation(["a", "b", "c"], at_least=7)
    assert [u for u, _c in order] == ["a", "b", "c"] * 3
    assert order[3] == ("a", 1)
    assert all(order[i][0] != order[i + 1][0] for i in range(len(order) - 1))


def test_rotation_of_twenty_users_gives_each_one_request_per_round():
    users = [f"u{i}" for i in range(20)]
    order = rotation(users, at_least=20)
    assert len(order) == 20
    assert {u for u, _c in order} == set(users)


def test_rotation_of_nobody_is_empty():
    assert rotation([]) == []


def test_spread_picks_distinct_indexes_over_the_whole_range():
    assert spread(4, 20) == [0, 5, 10, 15]
    assert spread(30, 20) == list(range(20))
    assert len(set(spread(20, 300))) == 20


def test_role_usernames_keep_the_first_account_name_and_number_the_others():
    assert role_username("bench_", "secretary", 0) == "bench_secretary"
    assert role_username("bench_", "secretary", 1) == "bench_secretary02"
    assert role_username("bench_i03_", "office", 19) == "bench_i03_office20"


def test_check_at_most_and_at_least():
    assert check("p95", 150, 150)["met"]
    assert not check("p95", 150.1, 150)["met"]
    assert check("users", 20, 20, at_least=True)["met"]
    assert not check("users", 19, 20, at_least=True)["met"]
    assert check("users", 19, 20, at_least=True)["limit"] == "≥ 20"


def test_check_without_a_value_is_missed_with_its_reason():
    row = check("academy overview", False, None, note="missed: page not present")
    assert not row["met"]
    assert row["value"] == "missed: page not present"
    assert not check("x", None, 5)["met"]


def _page(p95=100.0, single=40.0, ratio=5.0, users=20, role="secretary"):
    return {
        "p95_ms": p95,
        "p95_ratio_to_bare": ratio,
        "single_user": {"p95_ms": single},
        "role": role,
        "distinct_users": users,
        "unexpected": 0,
    }


RESULT = {
    "size": "full",
    "a_pages": {"pages": {"home_secretary": _page()}},
    "d_queries": {
        "full": {"home_secretary": {"queries": 20, "cpu_ms_median": 12.0}},
        "demo": {"home_secretary": {"queries": 20}},
    },
    "f_academy": {
        "overview_present": True,
        "pages": {"academy_overview": {"p95_ms": 250.0, "unexpected": 0}},
        "recompute_ratio": 1.1,
    },
    "c_recompute": {"full_seconds": 4.2},
    "b_casting": {
        "cast_per_second": 120.0,
        "database": {
            "participations": 10,
            "ballots_total": 10,
            "distinct_voter_target": 10,
        },
    },
    "g_mixed": {"check": {"nothing_lost": True}},
}


def test_a_run_within_every_limit_meets_every_target():
    rows = evaluate(RESULT)
    assert all(r["met"] for r in rows), [r for r in rows if not r["met"]]
    assert summary(rows)["missed"] == []
    # pages (4 with the rotation), in process (3), academy (2), recompute, casting (2),
    # mixed
    assert len(rows) == 4 + 3 + 2 + 1 + 2 + 1


@pytest.mark.parametrize(
    ("change", "missed"),
    [
        (
            lambda r: r["a_pages"]["pages"]["home_secretary"].update(p95_ms=151.0),
            "home_secretary p95 ms, 20 connections",
        ),
        (
            lambda r: r["a_pages"]["pages"]["home_secretary"].update(
                p95_ratio_to_bare=10.5
            ),
            "home_secretary p95 × bare view",
        ),
        (
            lambda r: r["a_pages"]["pages"]["home_secretary"]["single_user"].update(
                p95_ms=51.0
            ),
            "home_secretary p95 ms, one user",
        ),
        (
            lambda r: r["a_pages"]["pages"]["home_secretary"].update(distinct_users=1),
            "home_secretary distinct secretarys in rotation",
        ),
        (
            lambda r: r["d_queries"]["full"]["home_secretary"].update(
                cpu_ms_median=15.5
            ),
            "home_secretary median CPU ms in process (full size)",
        ),
        (
            lambda r: [
                r["d_queries"][size]["home_secretary"].update(queries=21)
                for size in ("full", "demo")
            ],
            "home_secretary queries",
        ),
        (
            lambda r: r["d_queries"]["demo"]["home_secretary"].update(queries=19),
            "home_secretary queries equal at both sizes",
        ),
        (
            lambda r: r["f_academy"]["pages"]["academy_overview"].update(p95_ms=301.0),
            "academy_overview p95 ms, 20 connections",
        ),
        (
            lambda r: r["f_academy"].update(recompute_ratio=2.0),
            "one institute's recompute, with the academy ÷ alone",
        ),
        (
            lambda r: r["c_recompute"].update(full_seconds=5.2),
            "full score recomputation s (full size)",
        ),
        (
            lambda r: r["b_casting"].update(cast_per_second=99.0),
            "ballots cast per second, 50 voters",
        ),
        (
            lambda r: r["b_casting"]["database"].update(ballots_total=9),
            "casting: has-voted rows = ballots, no pair twice",
        ),
        (
            lambda r: r["g_mixed"]["check"].update(nothing_lost=False),
            "mixed reads and writes: every acknowledged write stored",
        ),
    ],
)
def test_each_target_is_missed_past_its_limit(change, missed):
    result = copy.deepcopy(RESULT)
    change(result)
    assert summary(evaluate(result))["missed"] == [missed]


@pytest.mark.parametrize(
    "failure", [{"unexpected": 3}, {"errors": {"timeout": 2, "connect": 1}}]
)
def test_a_page_with_answers_other_than_200_or_timeouts_misses(failure):
    result = copy.deepcopy(RESULT)
    result["a_pages"]["pages"]["home_secretary"].update(failure)
    rows = [r for r in evaluate(result) if not r["met"]]
    assert [r["value"] for r in rows] == ["3 not 200, timed out or failed"]


def test_an_academy_without_its_overview_page_says_so():
    result = copy.deepcopy(RESULT)
    result["f_academy"].update(overview_present=False, pages={})
    rows = [r for r in evaluate(result) if not r["met"]]
    assert [r["value"] for r in rows] == ["missed: page not present"]


def test_the_targets_are_the_issues():
    assert TARGETS["page_p95_ms"] == 150
    assert TARGETS["single_user_p95_ms"] == 50
    assert TARGETS["cpu_ms_median"] == 15
    assert TARGETS["academy_p95_ms"] == 300
    assert TARGETS["recompute_seconds"] == 5


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert mixed.percentile(values, 95) == 95
    assert mixed.percentile(values, 50) == 50
    assert mixed.percentile([7.0], 95) == 7.0
    assert mixed.percentile([], 95) is None


def test_a_write_is_acknowledged_by_its_redirect_or_its_receipt():
    assert mixed.acknowledged("progress", 302, "/progress/item/1/", b"")
    assert not mixed.acknowledged("progress", 200, "", b"form errors")
    assert not mixed.acknowledged("approve", 302, "/accounts/login/?next=/", b"")
    assert not mixed.acknowledged("file", 403, "", b"")
    assert mixed.acknowledged("vote", 200, "", b'<p data-testid="receipt-code">')
    assert not mixed.acknowledged("vote", 200, "", b"already voted")


def test_writes_take_their_kinds_in_turn():
    writes = [{"kind": k, "id": i} for i, k in enumerate("ppppffav")]
    kinds = [w["kind"] for w in _interleave(writes)]
    assert kinds[:4] == ["p", "f", "a", "v"]
    assert sorted(kinds) == sorted("ppppffav")


def test_sizing_prefers_the_lowest_p95_and_fewer_processes_when_close():
    from bench.sizing import best

    rows = [
        {"workers": 4, "threads": 2, "worst_p95_ms": 100.0},
        {"workers": 2, "threads": 4, "worst_p95_ms": 104.0},
        {"workers": 1, "threads": 8, "worst_p95_ms": 180.0},
    ]
    assert (best(rows)["workers"], best(rows)["threads"]) == (2, 4)
    rows[1]["worst_p95_ms"] = 120.0
    assert (best(rows)["workers"], best(rows)["threads"]) == (4, 2)


def test_sizing_leaves_out_a_configuration_that_completed_no_request():
    from bench.sizing import best

    rows = [
        {"workers": 1, "threads": 8, "worst_p95_ms": None},
        {"workers": 2, "threads": 4, "worst_p95_ms": 300.0},
    ]
    assert best(rows)["workers"] == 2
    assert best(rows[:1]) is None


def test_the_report_compares_each_pages_calls_with_the_previous_run():
    """Calls a request are read back from the previous report's page table and set
    beside this run's; a rise above report.CALLS_RISE is marked, a fall is not."""
    from bench.run import report

    previous = (
        "# Benchmark results\n\nRun 2026-12-08T01:10:09+00:00 (full size) on …\n\n"
        "| page (role, users) | p50 ms | p95 ms | req/s | p95 × bare | p95 ms, 1 user "
        "| CPU ms | calls | queries small | queries full |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| bare Django view (anonymous) | 8.7 | 12.8 | 2182.7 | 1.0 | 1.2 | – | – "
        "| – | – |\n"
        "| home_leader (leader, 7) | 106.6 | 144.0 | 182.3 | 11.2 | 15.0 | 5.87 "
        "| 11038 | 5 | 5 |\n"
        "| board (staff, 20) | 68.2 | 89.1 | 288.0 | 7.0 | 7.5 | 3.02 | 6055 | 2 | 2 |\n"
        "| ranking (office, in process only) | – | – | – | – | – | 6.74 | 16280 "
        "| 6 | 6 |\n\nAcademy: 20 institutes.\n\n| academy page (users) | calls |\n"
        "| x | 5 |\n"
    )
    before = report.previous_calls(previous)
    assert before == {
        "when": "2026-12-08T01:10:09+00:00",
        "calls": {"home_leader": 11038, "board": 6055, "ranking": 16280},
    }
    result = {
        "previous_run": before,
        "d_queries": {
            "full": {
                "home_leader": {"function_calls": 12026},
                "board": {"function_calls": 6000},
                "ranking": {"function_calls": 16280},
                "new_page": {"function_calls": 100},
            }
        },
    }
    lines = report._calls(result)
    assert "| home_leader | 11038 | 12026 | +9.0% **more** |" in lines
    assert "| board | 6055 | 6000 | -0.9% |" in lines
    assert "| ranking | 16280 | 16280 | +0.0% |" in lines
    assert not any("new_page" in line for line in lines)
    assert report._calls({"d_queries": {"full": {}}}) == []
    # The committed report parses: every page of its table has its calls.
    from bench.run.common import RESULTS_MD

    committed = report.previous_calls(RESULTS_MD.read_text())
    assert committed["when"] and len(committed["calls"]) >= 13
