import threading

import pytest
from django.db import connection
from django.utils import translation

from organizations.models import User
from pledges import services
from pledges.models import Plan, Pledge, Status, TransitionError
from tests.factories import build_institute
from tests.pledges.builders import make_campaign, make_plan, make_pledge

pytestmark = pytest.mark.usefixtures("english")


def race(step, model, pk, usernames):
    """Run ``step`` for each user at the same moment; return (winners, refusals)."""
    barrier = threading.Barrier(len(usernames))
    results: dict[str, str] = {}

    def run(username):
        try:
            user = User.objects.get(username=username)
            obj = model.objects.get(pk=pk)
            barrier.wait(timeout=10)
            with translation.override("en"):  # the language is per thread
                step(obj, user)
            results[username] = "ok"
        except TransitionError as error:
            results[username] = error.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in usernames]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_approvals_win():
    inst = build_institute("并发所")
    campaign = make_campaign(inst.institute)
    plan = make_plan(
        campaign, inst.branch, inst.user("secretary"), state=Status.SUBMITTED
    )
    results = race(
        lambda obj, user: services.plan_approve(plan=obj, by=user),
        Plan,
        plan.pk,
        ["gsec", "office"],
    )
    assert sorted(results.values())[-1] == "ok"
    assert list(results.values()).count("ok") == 1
    loser = next(m for m in results.values() if m != "ok")
    assert "already approved by" in loser
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert plan.approved_by.username == next(u for u, r in results.items() if r == "ok")


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_approve_and_return_win():
    inst = build_institute("并发所")
    campaign = make_campaign(inst.institute)
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.SUBMITTED,
    )

    def step(obj, user):
        if user.username == "secretary":
            services.pledge_approve(pledge=obj, by=user)
        else:
            services.pledge_return(pledge=obj, by=user, reason="再改改")

    results = race(step, Pledge, pledge.pk, ["secretary", "gsec"])
    assert list(results.values()).count("ok") == 1
    pledge.refresh_from_db()
    assert pledge.status in (Status.APPROVED, Status.RETURNED)
