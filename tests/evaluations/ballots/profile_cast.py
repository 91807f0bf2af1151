"""Profile of a cast through the web path: not part of the suite (the name is not test_*).

Run it by its path, with the usual environment (PostgreSQL for real numbers):
    .venv/bin/python -m pytest tests/evaluations/ballots/profile_cast.py -q -s -p no:randomly
It prints the CPU time of one cast (process time of the test client's POST, averaged over
79 voters who each opened the form first, without the profiler), the queries of the last
one, then cProfile's top functions over 70 more casts (TOP=n changes how many).
"""

import cProfile
import os
import pstats
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.evaluations.ballots.builders import make_round, staff_of, target_of


def test_profile_cast(client, inst, settings):
    settings.SESSION_TOUCH_SECONDS = 60
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    voters = staff_of(inst, 150)
    from tests.factories import UserFactory

    for v in voters:
        v.user = UserFactory()
        v.save(update_fields=["user"])
    data = {f"q{q.pk}": "3" for q in round.questions.all()}
    data["comment"] = ""
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    # warm up
    client.force_login(voters[0].user)
    client.post(url, data)
    total = 0.0
    prof = cProfile.Profile()
    plain = voters[1:80]
    for i, voter in enumerate(voters[1:]):
        client.force_login(voter.user)
        client.get(url)  # the voter opens the form first (session touched)
        profiled = i >= len(plain)
        with CaptureQueriesContext(connection) as ctx:
            t = time.process_time()
            if profiled:
                prof.enable()
            r = client.post(url, data)
            if profiled:
                prof.disable()
            else:
                total += time.process_time() - t
        assert b"receipt-code" in r.content
    n = len(plain)
    print(
        f"\nCAST cpu ms: {total / n * 1000:.2f}  queries: {len(ctx.captured_queries)}"
    )
    for q in ctx.captured_queries:
        print("  Q", q["sql"][:160])
    st = pstats.Stats(prof)
    st.sort_stats("cumulative").print_stats(int(os.environ.get("TOP", "45")))
