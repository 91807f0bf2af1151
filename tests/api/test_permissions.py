"""The API's permission matrix: each endpoint as anonymous, staff, member, secretary,
the other branch's secretary, the general-branch secretary, the office, the leading
group and another institute's office. Out of scope is a 404, in sight but not allowed
a 403, as on the pages; an id from another institute is a 404."""

import pytest

from evaluations.ballots import services as ballot_services
from evaluations.models import Score
from evaluations.scoring import services as scoring_services
from tests.api.builders import ROLES, get, ids
from tests.evaluations.ballots.builders import make_round

pytestmark = pytest.mark.django_db


def matrix(expected: dict[str, int]) -> list[tuple[str, int]]:
    assert set(expected) == {"anonymous", *ROLES}
    return list(expected.items())


def status_as(client, world, role, url, **params) -> int:
    user = None if role == "anonymous" else world.user(role)
    return get(client, user, url, **params).status_code


# ---------------------------------------------------------------------------
# Organisations


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 200,
            "member": 200,
            "secretary": 200,
            "othersec": 404,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_branch_to_those_it_concerns(client, world, role, expected):
    url = f"/api/v1/organisations/{world.inst.branch.pk}/"
    assert status_as(client, world, role, url) == expected


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 404,
            "secretary": 404,
            "othersec": 404,
            "gsec": 404,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_branch_outside_ones_reach_to_nobody_else(
    client, world, role, expected
):
    url = f"/api/v1/organisations/{world.inst.lone_branch.pk}/"
    assert status_as(client, world, role, url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_exactly_the_units_one_may_open(client, world, role):
    listed = ids(get(client, world.user(role), "/api/v1/organisations/"))
    units = [*world.inst.__dict__.values(), *world.other.__dict__.values()]
    for unit in {u for u in units if hasattr(u, "kind") and hasattr(u, "path")}:
        opened = get(client, world.user(role), f"/api/v1/organisations/{unit.pk}/")
        assert (unit.pk in listed) == (opened.status_code == 200), unit.name


def test_it_filters_units_by_kind_and_parent(client, world):
    office = world.user("office")
    branches = ids(get(client, office, "/api/v1/organisations/", kind="branch"))
    assert branches == {
        world.inst.branch.pk,
        world.inst.other_branch.pk,
        world.inst.lone_branch.pk,
    }
    children = ids(
        get(client, office, "/api/v1/organisations/", parent=world.inst.gb.pk)
    )
    assert children == {world.inst.branch.pk, world.inst.other_branch.pk}


def test_it_refuses_a_kind_that_does_not_exist(client, world):
    response = get(client, world.user("office"), "/api/v1/organisations/", kind="x")
    assert response.status_code == 400
    assert "kind" in response.json()


# ---------------------------------------------------------------------------
# People


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 403,
            "member": 403,
            "secretary": 200,
            "othersec": 404,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_person_to_those_whose_roles_reach_them(
    client, world, role, expected
):
    url = f"/api/v1/people/{world.inst.people['member'].pk}/"
    assert status_as(client, world, role, url) == expected


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 403,
            "member": 403,
            "secretary": 200,
            "othersec": 200,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 200,
        }
    ),
)
def test_it_lists_the_roster_for_role_holders_only(client, world, role, expected):
    assert status_as(client, world, role, "/api/v1/people/") == expected


def test_it_keeps_another_institutes_roster_out_of_the_list(client, world):
    listed = ids(get(client, world.user("yoffice"), "/api/v1/people/"))
    assert listed
    assert not listed & {p.pk for p in world.inst.people.values()}


def test_it_shows_no_more_of_a_person_than_the_roster_page(client, world):
    row = get(
        client,
        world.user("office"),
        f"/api/v1/people/{world.inst.people['member'].pk}/",
    ).json()
    assert set(row) == {
        "id",
        "staff_no",
        "name",
        "department",
        "branch",
        "political_status",
        "position",
    }


def test_it_searches_the_roster_by_name(client, world):
    listed = ids(get(client, world.user("office"), "/api/v1/people/", q="othersec"))
    assert listed == {world.inst.people["othersec"].pk}


def test_it_answers_404_for_a_unit_filter_out_of_scope(client, world):
    response = get(
        client,
        world.user("secretary"),
        "/api/v1/people/",
        unit=world.other.branch.pk,
    )
    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Campaigns


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 200,
            "member": 200,
            "secretary": 200,
            "othersec": 200,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_campaign_to_its_institute(client, world, role, expected):
    url = f"/api/v1/campaigns/{world.campaign.pk}/"
    assert status_as(client, world, role, url) == expected


def test_it_lists_only_ones_own_institutes_campaigns(client, world):
    assert ids(get(client, world.user("member"), "/api/v1/campaigns/")) == {
        world.campaign.pk
    }
    assert ids(get(client, world.user("yoffice"), "/api/v1/campaigns/")) == {
        world.other_campaign.pk
    }


# ---------------------------------------------------------------------------
# Plans


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 404,
            "secretary": 200,
            "othersec": 404,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_draft_plan_to_those_whose_roles_reach_it(
    client, world, role, expected
):
    url = f"/api/v1/plans/{world.draft_plan.pk}/"
    assert status_as(client, world, role, url) == expected


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 404,
            "secretary": 404,
            "othersec": 200,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_published_plan_to_its_board(client, world, role, expected):
    url = f"/api/v1/plans/{world.published_plan.pk}/"
    assert status_as(client, world, role, url) == expected


def test_it_shows_a_published_plan_to_the_units_own_members(client, world):
    url = f"/api/v1/plans/{world.published_plan.pk}/"
    assert get(client, world.inst.user("othermember"), url).status_code == 200


@pytest.mark.parametrize("role", [*ROLES, "othermember"])
def test_it_lists_exactly_the_plans_one_may_open(client, world, role):
    user = world.inst.user(role) if role == "othermember" else world.user(role)
    listed = ids(get(client, user, "/api/v1/plans/"))
    for plan in (world.draft_plan, world.published_plan, world.foreign_plan):
        opened = get(client, user, f"/api/v1/plans/{plan.pk}/").status_code == 200
        assert (plan.pk in listed) == opened


def test_it_filters_plans_by_status(client, world):
    office = world.user("office")
    assert ids(get(client, office, "/api/v1/plans/", status="published")) == {
        world.published_plan.pk
    }
    assert ids(get(client, office, "/api/v1/plans/", unit=world.inst.branch.pk)) == {
        world.draft_plan.pk
    }


# ---------------------------------------------------------------------------
# Pledges


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 200,
            "secretary": 200,
            "othersec": 404,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_draft_pledge_to_its_member_and_those_above(
    client, world, role, expected
):
    url = f"/api/v1/pledges/{world.draft_pledge.pk}/"
    assert status_as(client, world, role, url) == expected


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 404,
            "secretary": 404,
            "othersec": 200,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_opens_a_published_pledge_to_its_board(client, world, role, expected):
    url = f"/api/v1/pledges/{world.published_pledge.pk}/"
    assert status_as(client, world, role, url) == expected


@pytest.mark.parametrize("role", [*ROLES, "othermember"])
def test_it_lists_exactly_the_pledges_one_may_open(client, world, role):
    user = world.inst.user(role) if role == "othermember" else world.user(role)
    listed = ids(get(client, user, "/api/v1/pledges/"))
    for pledge in (world.draft_pledge, world.published_pledge, world.foreign_pledge):
        opened = get(client, user, f"/api/v1/pledges/{pledge.pk}/").status_code == 200
        assert (pledge.pk in listed) == opened


# ---------------------------------------------------------------------------
# Rounds and results


@pytest.fixture
def round(world):
    return make_round(world.inst)


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 403,
            "member": 403,
            "secretary": 403,
            "othersec": 403,
            "gsec": 403,
            "office": 200,
            "leader": 200,
            "yoffice": 200,
        }
    ),
)
def test_it_lists_rounds_for_the_office_and_the_leading_group(
    client, world, round, role, expected
):
    assert status_as(client, world, role, "/api/v1/rounds/") == expected


def test_it_keeps_another_institutes_rounds_out_of_the_list(client, world, round):
    assert ids(get(client, world.user("office"), "/api/v1/rounds/")) == {round.pk}
    assert ids(get(client, world.user("yoffice"), "/api/v1/rounds/")) == set()


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 403,
            "member": 403,
            "secretary": 403,
            "othersec": 403,
            "gsec": 403,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
@pytest.mark.parametrize("suffix", ["", "results/"])
def test_it_opens_a_round_and_its_results_to_the_office_and_the_leading_group(
    client, world, round, role, expected, suffix
):
    url = f"/api/v1/rounds/{round.pk}/{suffix}"
    assert status_as(client, world, role, url) == expected


# ---------------------------------------------------------------------------
# Scores


@pytest.fixture
def scores(world):
    scoring_services.scores_compute(campaign=world.campaign)
    scoring_services.scores_compute(campaign=world.other_campaign)
    return world


def _score(world, **kwargs) -> Score:
    return Score.objects.get(campaign=world.campaign, **kwargs)


def _publish(world):
    scoring_services.scores_publish(campaign=world.campaign, by=world.user("office"))


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 404,
            "secretary": 404,
            "othersec": 404,
            "gsec": 404,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_shows_unpublished_scores_to_the_office_and_leaders_only(
    client, scores, role, expected
):
    url = f"/api/v1/scores/{_score(scores, unit=scores.inst.branch).pk}/"
    assert status_as(client, scores, role, url) == expected


@pytest.mark.parametrize(
    "role,expected",
    matrix(
        {
            "anonymous": 401,
            "staff": 404,
            "member": 404,
            "secretary": 200,
            "othersec": 404,
            "gsec": 200,
            "office": 200,
            "leader": 200,
            "yoffice": 404,
        }
    ),
)
def test_it_shows_a_published_unit_score_to_those_whose_roles_reach_it(
    client, scores, role, expected
):
    _publish(scores)
    url = f"/api/v1/scores/{_score(scores, unit=scores.inst.branch).pk}/"
    assert status_as(client, scores, role, url) == expected


def test_it_shows_a_member_their_own_published_score_only(client, scores):
    _publish(scores)
    member = scores.inst.people["member"]
    listed = ids(get(client, scores.user("member"), "/api/v1/scores/"))
    assert listed == {_score(scores, person=member).pk}


def test_it_lists_scores_by_audience(client, scores):
    office = scores.user("office")
    people = get(client, office, "/api/v1/scores/", audience="person").json()
    assert people["count"] > 0
    assert all(row["person"] and not row["unit"] for row in people["results"])


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_exactly_the_scores_one_may_open(client, scores, role):
    _publish(scores)
    user = scores.user(role)
    listed = ids(get(client, user, "/api/v1/scores/"))
    for score in Score.objects.all():
        opened = get(client, user, f"/api/v1/scores/{score.pk}/").status_code == 200
        assert (score.pk in listed) == opened


def test_it_names_no_voter_in_a_round(client, world, round):
    ballot_services.round_close(round=round)
    body = get(
        client, world.user("office"), f"/api/v1/rounds/{round.pk}/"
    ).content.decode()
    for key in ("voter", "participation", "receipt", "ballot_id"):
        assert key not in body
