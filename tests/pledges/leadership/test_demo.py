"""The demo's requests and reports: one awaiting the leading secretary's answer, one
answered; seeding twice adds nothing."""

import pytest

from pledges.leadership.demo import seed
from pledges.models import MassReport
from tests.factories import unit
from tests.pledges.leadership.builders import league_under_party

pytestmark = pytest.mark.django_db


def test_it_seeds_reports_to_the_leading_branches_once(inst):
    league = league_under_party(inst)
    group = unit("一部工会小组", "union_group", inst.union, led_by=inst.gb)
    seed(inst.institute)
    seed(inst.institute)
    reports = {r.unit: r for r in MassReport.objects.all()}
    assert set(reports) == {league.branch, group}
    assert reports[league.branch].lead == inst.branch
    statuses = sorted(r.status for r in reports.values())
    assert statuses == [MassReport.Status.ANSWERED, MassReport.Status.SUBMITTED]
