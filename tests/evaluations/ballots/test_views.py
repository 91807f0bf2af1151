import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.ballots import selectors, services
from evaluations.models import (
    Participation,
    Question,
    Round,
    Slip,
    StagedBallot,
    TargetRule,
)
from organizations.models import Organization
from tests.evaluations.ballots.builders import (
    cast,
    make_round,
    slip_codes,
    staff_of,
    target_of,
)
from tests.factories import unit

USERS = [
    "anonymous",
    "staff",
    "member",
    "secretary",
    "office",
    "leader",
    "other_office",
]


def _login(client, inst, other_inst, who):
    if who == "anonymous":
        return
    if who == "other_office":
        client.force_login(other_inst.user("office"))
    else:
        client.force_login(inst.user(who))


# Expected status per page for: anonymous, staff, member, secretary, office, leader,
# another institute's office. 302 for anonymous is the sign-in redirect.
OFFICE_PAGE = [302, 403, 403, 403, 200, 200, 404]
OFFICE_WRITE = [302, 403, 403, 403, 200, 403, 404]
MATRIX = {
    "vote": [302, 200, 200, 200, 200, 200, 200],
    "slip": [200] * 7,
    "receipt_check": [200] * 7,
    "rounds": [302, 403, 403, 403, 200, 200, 200],
    "round_create": [302, 403, 403, 403, 200, 403, 200],
    "ballot": [302, 200, 200, 200, 200, 200, 404],
    "round": OFFICE_PAGE,
    "targets": OFFICE_PAGE,
    "turnout": OFFICE_PAGE,
    "tallies": OFFICE_PAGE,
    "round_edit": OFFICE_WRITE,
    "rule_create": OFFICE_WRITE,
    "question_create": OFFICE_WRITE,
    "questions_copy": OFFICE_WRITE,
    "slips": OFFICE_WRITE,
    "round_cancel": OFFICE_WRITE,
    "receipts": [302, 200, 200, 200, 200, 200, 404],
}


def _url(name, round, inst):
    if name in ("vote", "slip", "receipt_check", "rounds", "round_create"):
        return reverse(f"evaluations:{name}")
    if name == "ballot":
        target = target_of(round, unit=inst.branch)
        return reverse("evaluations:ballot", args=[round.pk, target.pk])
    return reverse(f"evaluations:{name}", args=[round.pk])


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_lets_each_role_reach_only_its_pages(client, inst, other_inst, name):
    round = make_round(inst)
    url = _url(name, round, inst)
    got = []
    for who in USERS:
        client.logout()
        _login(client, inst, other_inst, who)
        got.append(client.get(url).status_code)
    assert got == MATRIX[name]


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 302),
        ("staff", 403),
        ("leader", 403),
        ("office", 302),
        ("other_office", 404),
    ],
)
def test_it_lets_only_the_office_press_the_round_buttons(
    client, inst, other_inst, who, status
):
    round = make_round(inst)
    _login(client, inst, other_inst, who)
    response = client.post(reverse("evaluations:round_step", args=[round.pk, "close"]))
    assert response.status_code == status
    round.refresh_from_db()
    assert round.is_open == (who != "office")


def test_it_changes_nothing_on_a_get_of_a_button(client, inst):
    round = make_round(inst)
    client.force_login(inst.user("office"))
    url = reverse("evaluations:round_step", args=[round.pk, "close"])
    assert client.get(url).status_code == 405
    round.refresh_from_db()
    assert round.is_open


def test_it_hides_a_person_target_from_a_voter_who_does_not_rate_it(client, inst):
    round = make_round(inst)
    target = target_of(round, person=inst.people["secretary"])
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    client.force_login(inst.user("staff"))
    assert client.get(url).status_code == 404
    client.force_login(inst.user("member"))
    assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------
# The voter's pages


def _ballot_data(round, rating=3, comment=""):
    data = {f"q{q.pk}": str(rating) for q in round.questions.all()}
    data["comment"] = comment
    return data


def test_it_casts_from_the_form_and_shows_the_receipt_once(client, inst):
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    response = client.post(url, _ballot_data(round, comment="很好"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    shown = re.search(
        r'data-testid="receipt-code">([A-Z0-9-]+)<', response.content.decode()
    )
    staged = StagedBallot.objects.get()
    assert shown.group(1).replace("-", "") == staged.receipt
    assert staged.comment == "很好"
    assert staged.receipt not in str(dict(client.session.items()))
    again = client.get(url).content.decode()
    assert 'data-testid="already-voted"' in again
    assert staged.receipt not in again


def test_it_shows_the_exact_error_for_a_missing_rating_and_keeps_the_answers(
    client, inst
):
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    first, *rest = round.questions.all()
    data = _ballot_data(round, rating=2, comment="保留这段话")
    del data[f"q{first.pk}"]
    client.force_login(inst.user("staff"))
    response = client.post(
        reverse("evaluations:ballot", args=[round.pk, target.pk]), data
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Choose a rating for this question."
        in response.context["form"].errors[f"q{first.pk}"]
    )
    assert 'data-testid="question-error"' in body
    assert "保留这段话" in body
    assert re.search(rf'name="q{rest[0].pk}" value="2" id="[^"]+" checked', body)
    assert not Participation.objects.exists()


def test_it_keeps_the_empty_questionnaire_but_never_a_filled_one(client, inst):
    """The empty questionnaire is kept for everyone of the round (a shared fragment);
    a form sent back with errors shows this voter's own answers, and they stay out of
    what the next voter gets."""
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    client.force_login(inst.user("staff"))
    empty = client.get(url).content.decode()
    assert 'data-testid="questionnaire"' in empty and " checked" not in empty
    first, *rest = round.questions.all()
    data = _ballot_data(round, rating=2, comment="只给我看")
    del data[f"q{first.pk}"]
    filled = client.post(url, data).content.decode()
    assert "只给我看" in filled
    assert re.search(rf'name="q{rest[0].pk}" value="2" id="[^"]+" checked', filled)
    client.force_login(inst.user("member"))
    other = client.get(url).content.decode()
    assert 'data-testid="questionnaire"' in other
    assert " checked" not in other and "只给我看" not in other


def test_the_kept_questionnaire_follows_a_change_of_the_scale(client, inst):
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    client.force_login(inst.user("staff"))
    assert "新的档次" not in client.get(url).content.decode()
    scale = [dict(level) for level in round.scale]
    scale[0]["label"] = "新的档次"
    Round.objects.filter(pk=round.pk).update(scale=scale)
    assert "新的档次" in client.get(url).content.decode()


def test_it_refuses_a_rating_off_the_scale_from_the_form(client, inst):
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    data = _ballot_data(round)
    data[f"q{round.questions.first().pk}"] = "9"
    client.force_login(inst.user("staff"))
    response = client.post(
        reverse("evaluations:ballot", args=[round.pk, target.pk]), data
    )
    assert "Choose one of the ratings shown." in response.content.decode()


def test_it_filters_the_list_by_voted_and_not_yet_voted(client, inst):
    round = make_round(inst)
    member = inst.people["member"]
    cast(round, member, target_of(round, unit=inst.branch))
    client.force_login(inst.user("member"))
    url = reverse("evaluations:vote")
    done = client.get(url, {"show": "done"}).context["page"].object_list
    todo = client.get(url, {"show": "todo"}).context["page"].object_list
    assert [t["unit_id"] for t in done] == [inst.branch.pk]
    assert inst.branch.pk not in [t["unit_id"] for t in todo]
    assert inst.people["secretary"].pk in [t["person_id"] for t in todo]


def test_it_links_each_target_to_its_ballot(client, inst):
    round = make_round(inst)
    client.force_login(inst.user("member"))
    html = client.get(reverse("evaluations:vote"), {"show": "todo"}).content.decode()
    links = re.findall(r'href="([^"]+)" data-testid="rate-link"', html)
    expected = {
        reverse("evaluations:ballot", args=[round.pk, target.pk])
        for target in selectors.voter_targets(voter=inst.people["member"])
    }
    assert links and set(links) == expected


def test_it_casts_in_ten_queries(client, inst, settings, django_assert_num_queries):
    """A cast reads the session, the user with their person and roles (one query,
    organizations.auth), the round and the target (one eligibility query), then writes
    in one transaction (savepoint here): the has-voted row, the staged ballot, the
    person lock, the status and slip re-check. The receipt page's light frame asks
    nothing more (no phase, menu or unread count). With Redis
    (``core.cached_sessions``) the session comes from the cache: nine."""
    settings.SESSION_TOUCH_SECONDS = (
        60  # as in production: no session write per request
    )
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    client.get(url)  # the voter opens the form first
    data = _ballot_data(round)
    cached = settings.SESSION_ENGINE == "core.cached_sessions"
    with django_assert_num_queries(9 if cached else 10):
        response = client.post(url, data)
    assert 'data-testid="receipt-code"' in response.content.decode()
    assert 'data-nav="vote"' not in response.content.decode()
    assert StagedBallot.objects.filter(round=round).count() == 1


def test_it_keeps_the_vote_list_query_count_fixed(
    client, inst, django_assert_max_num_queries
):
    make_round(inst)
    client.force_login(inst.user("member"))
    url = reverse("evaluations:vote")
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    # A second round with many more targets, some already rated.
    extra = [
        unit(f"对象{i}", Organization.Kind.BRANCH, inst.gb, category=inst.category)
        for i in range(12)
    ]
    big = make_round(
        inst,
        rules=[{"kind": TargetRule.Kind.FIXED_UNIT, "unit": u} for u in extra]
        + [{"kind": TargetRule.Kind.BRANCH_MEMBERS}],
    )
    for u in extra[:5]:
        cast(big, inst.people["member"], target_of(big, unit=u))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count > 12


def test_it_shows_the_panel_on_the_members_home(client, inst):
    make_round(inst)
    client.force_login(inst.user("member"))
    assert 'data-panel="vote"' in client.get(reverse("home")).content.decode()


def test_the_panel_follows_a_round_opening_despite_the_shared_rules(client, inst):
    """The open rounds' rules are kept for every voter (core.versioned_cache): opening
    a round shows its panel on the next page, closing it takes the panel away."""
    round = make_round(inst, opened=False)
    client.force_login(inst.user("member"))
    assert 'data-panel="vote"' not in client.get(reverse("home")).content.decode()
    services.round_open(round=round)
    assert 'data-panel="vote"' in client.get(reverse("home")).content.decode()
    round.refresh_from_db()
    services.round_close(round=round)
    assert 'data-panel="vote"' not in client.get(reverse("home")).content.decode()


# ---------------------------------------------------------------------------------------
# Paper slips


def _slip_post(client, round, target, code, rating=4):
    data = {"code": code, f"t{target.pk}-comment": ""}
    for q in round.questions.all():
        data[f"t{target.pk}-q{q.pk}"] = str(rating)
    return client.post(reverse("evaluations:slip_cast"), data)


def test_it_puts_the_slip_code_in_the_links_fragment(settings):
    from evaluations.ballots.views import slip_link

    settings.SITE_URL = "http://cx.example"
    assert slip_link("ABCD") == "http://cx.example/vote/slip/#ABCD"


def test_it_prints_slip_codes_once_and_stores_only_hashes(client, inst, settings):
    settings.SITE_URL = "http://cx.example"
    round = make_round(inst)
    client.force_login(inst.user("office"))
    url = reverse("evaluations:slips", args=[round.pk])
    staff_of(inst, 2, prefix="P")  # and the institute's "paper" person
    response = client.post(url, {"unit": inst.department.pk})
    body = response.content.decode()
    codes = re.findall(r'data-testid="slip-code">([A-Z0-9-]+)<', body)
    assert len(codes) == 3
    assert body.count("<svg") >= 3
    assert "http://cx.example/vote/slip/" in body
    assert "no-store" in response["Cache-Control"]
    assert Slip.objects.count() == 3
    later = client.get(url).content.decode()
    assert not [code for code in codes if code in later]


def test_it_refuses_slips_for_a_department_where_nobody_needs_one(client, inst):
    round = make_round(inst)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("evaluations:slips", args=[round.pk]),
        {"unit": inst.other_department.pk},  # everyone there has an account
    )
    assert "Nobody in this department needs a slip" in response.content.decode()
    assert not Slip.objects.exists()


def test_it_lets_an_anonymous_slip_holder_vote_once(client, inst):
    round = make_round(inst)
    [code] = slip_codes(round, inst, 1)
    start = client.post(reverse("evaluations:slip"), {"code": code.lower()})
    assert start.status_code == 200
    assert inst.branch.name in start.content.decode()
    done = _slip_post(client, round, target_of(round, unit=inst.branch), code)
    assert 'data-testid="receipt-code"' in done.content.decode()
    assert StagedBallot.objects.count() == 1
    again = client.post(reverse("evaluations:slip"), {"code": code})
    assert "This slip has already been used." in again.content.decode()


def test_it_refuses_a_wrong_slip_code_with_a_clear_error(client, inst):
    make_round(inst)
    response = client.post(reverse("evaluations:slip"), {"code": "WRONG"})
    assert (
        "This code is not valid. Check it against your slip and type it again."
        in response.content.decode()
    )


def test_it_keeps_slip_answers_and_the_code_when_a_rating_is_missing(client, inst):
    round = make_round(inst)
    [code] = slip_codes(round, inst, 1)
    target = target_of(round, unit=inst.branch)
    first = round.questions.first()
    response = client.post(
        reverse("evaluations:slip_cast"),
        {
            "code": code,
            f"t{target.pk}-q{first.pk}": "3",
            f"t{target.pk}-comment": "备注",
        },
    )
    body = response.content.decode()
    assert "Choose a rating for this question." in body
    assert "备注" in body and f'value="{code}"' in body
    assert not Slip.objects.get().used


# ---------------------------------------------------------------------------------------
# The office's pages


def test_it_creates_a_round_from_the_form(client, inst):
    client.force_login(inst.user("office"))
    today = timezone.localdate()
    response = client.post(
        reverse("evaluations:round_create"),
        {
            "kind": Round.Kind.MASS,
            "title": "群众评议",
            "scope": inst.institute.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=7)).isoformat(),
            "k": 5,
        },
    )
    round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == round.get_absolute_url()
    assert round.created_by == inst.user("office")


def test_it_refuses_a_window_that_closes_first_and_keeps_the_title(client, inst):
    client.force_login(inst.user("office"))
    today = timezone.localdate()
    response = client.post(
        reverse("evaluations:round_create"),
        {
            "kind": Round.Kind.MASS,
            "title": "保留的标题",
            "scope": inst.institute.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today - datetime.timedelta(days=1)).isoformat(),
            "k": 5,
        },
    )
    body = response.content.decode()
    assert "The window must close on or after the day it opens." in body
    assert "保留的标题" in body
    assert not Round.objects.exists()


def test_it_refuses_an_unknown_staff_number_in_a_rule(client, inst):
    round = make_round(inst, opened=False)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("evaluations:rule_create", args=[round.pk]),
        {"kind": TargetRule.Kind.FIXED_PERSON, "voters": "everyone", "staff_no": "X"},
    )
    assert (
        "No person in service has this staff number. Check the roster."
        in response.content.decode()
    )


def test_it_adds_a_duty_report_rule_by_staff_number(client, inst):
    round = make_round(inst, opened=False)
    client.force_login(inst.user("office"))
    client.post(
        reverse("evaluations:rule_create", args=[round.pk]),
        {
            "kind": TargetRule.Kind.FIXED_PERSON,
            "voters": "everyone",
            "staff_no": inst.people["secretary"].staff_no,
        },
    )
    assert round.rules.filter(person=inst.people["secretary"]).exists()


def test_it_refuses_a_duplicate_question_code(client, inst):
    round = make_round(inst, opened=False)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("evaluations:question_create", args=[round.pk]),
        {"code": "Q1", "text": "又一个", "order": 5},
    )
    assert (
        "Another question of this round has this code. Choose another."
        in response.content.decode()
    )
    assert Question.objects.filter(round=round).count() == 3


def test_it_runs_a_round_through_its_buttons(client, inst):
    round = make_round(inst, opened=False)
    client.force_login(inst.user("office"))
    for step in ("open", "close", "tally", "publish"):
        client.post(reverse("evaluations:round_step", args=[round.pk, step]))
        round.refresh_from_db()
    assert round.status == Round.Status.PUBLISHED


def test_it_explains_a_refused_step(client, inst):
    round = make_round(inst, opened=False)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("evaluations:round_step", args=[round.pk, "tally"]), follow=True
    )
    assert "A round that is Draft cannot be tallied." in response.content.decode()


def test_it_shows_no_tallies_while_the_round_is_open(client, inst):
    round = make_round(inst)
    client.force_login(inst.user("leader"))
    body = client.get(reverse("evaluations:tallies", args=[round.pk])).content.decode()
    assert 'data-testid="no-tallies"' in body


def _tallied_round(inst, *, voters_per_branch, extra_branches=0):
    extra = [
        unit(f"评议{i}", Organization.Kind.BRANCH, inst.gb, category=inst.category)
        for i in range(extra_branches)
    ]
    round = make_round(
        inst,
        rules=[{"kind": TargetRule.Kind.DEPARTMENT_BRANCHES}]
        + [{"kind": TargetRule.Kind.FIXED_UNIT, "unit": u} for u in extra],
    )
    for voter in staff_of(inst, voters_per_branch, prefix=f"V{round.pk}-"):
        for target in round.targets.filter(
            unit__department=inst.department
        ) | round.targets.filter(unit__in=extra):
            cast(round, voter, target)
    services.round_close(round=round)
    services.round_tally(round=round)
    return round


def test_it_hides_a_tally_below_k_on_the_page(client, inst):
    round = _tallied_round(inst, voters_per_branch=3)
    client.force_login(inst.user("leader"))
    response = client.get(reverse("evaluations:tallies", args=[round.pk]))
    body = response.content.decode()
    # The branch has 3 ballots (k = 3): shown. The other branch has none: withheld.
    assert "Fewer than 3 ballots: not shown." in body
    rows = {t.target.unit_id: t for t in response.context["page"].object_list}
    assert not rows[inst.branch.pk].withheld
    assert rows[inst.other_branch.pk].withheld


def test_it_keeps_the_tally_page_query_count_fixed(
    client, inst, django_assert_max_num_queries
):
    small_round = _tallied_round(inst, voters_per_branch=3)
    client.force_login(inst.user("office"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("evaluations:tallies", args=[small_round.pk]))
    big_round = _tallied_round(inst, voters_per_branch=4, extra_branches=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("evaluations:tallies", args=[big_round.pk]))
    assert len(response.context["page"].object_list) == 10


def test_it_keeps_the_turnout_page_query_count_fixed(
    client, inst, django_assert_max_num_queries
):
    round = make_round(inst)
    client.force_login(inst.user("office"))
    url = reverse("evaluations:turnout", args=[round.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for i in range(10):
        unit(f"新部门{i}", Organization.Kind.DEPARTMENT, inst.institute)
    for voter in staff_of(inst, 5):
        cast(round, voter, target_of(round, unit=inst.branch))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_it_finds_a_receipt_in_the_published_list(client, inst):
    round = make_round(inst)
    receipt = cast(round, inst.people["staff"], target_of(round, unit=inst.branch))
    for voter in staff_of(inst, 4):
        cast(round, voter, target_of(round, unit=inst.branch))
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:receipts", args=[round.pk])
    assert 'data-testid="receipt-list"' not in client.get(url).content.decode()
    services.round_close(round=round)
    grouped = services.code_group(receipt, 5)
    body = client.post(url, {"q": grouped[:6]}).content.decode()
    assert 'data-testid="receipt-search"' in body
    listed = re.search(r'data-testid="receipt-list">(.*?)</table>', body, re.S).group(1)
    assert grouped in listed


def test_it_checks_a_receipt_for_someone_without_an_account(client, inst):
    round = make_round(inst)
    receipt = cast(round, inst.people["staff"], target_of(round, unit=inst.branch))
    services.round_close(round=round)
    response = client.post(reverse("evaluations:receipt_check"), {"code": receipt})
    assert 'data-testid="receipt-found"' in response.content.decode()
    response = client.post(reverse("evaluations:receipt_check"), {"code": "ABCDEFGHJK"})
    assert 'data-testid="receipt-missing"' in response.content.decode()


def test_it_keeps_answers_out_of_the_round_pages(client, inst):
    round = make_round(inst)
    cast(
        round,
        inst.people["staff"],
        target_of(round, unit=inst.branch),
        comment="秘密意见",
    )
    client.force_login(inst.user("office"))
    for name in ("round", "turnout", "targets", "tallies"):
        body = client.get(
            reverse(f"evaluations:{name}", args=[round.pk])
        ).content.decode()
        assert "秘密意见" not in body


def test_it_lets_the_office_extend_an_open_round_from_the_form(client, inst):
    round = make_round(inst)
    later = round.closes_on + datetime.timedelta(days=7)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("evaluations:round_edit", args=[round.pk]),
        {
            "kind": Round.Kind.DEMOCRATIC,  # disabled once open: ignored
            "title": "延长后的评议",
            "scope": inst.institute.pk,
            "opens_on": round.opens_on.isoformat(),
            "closes_on": later.isoformat(),
            "k": 9,
        },
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert (round.title, round.closes_on, round.kind, round.k) == (
        "延长后的评议",
        later,
        Round.Kind.MASS,
        3,
    )


def test_the_vote_list_writes_each_row_escaped_with_its_state(client, inst):
    """The rows are written by a filter (``vote_rows``), not the template language:
    names escaped, a rated target marked, the others linked to their ballot."""
    from evaluations.models import Target

    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    Target.objects.filter(pk=target.pk).update(name='<b>"支部"</b>')
    client.force_login(inst.user("staff"))
    html = client.get(reverse("evaluations:vote")).content.decode()
    assert "<b>" not in html
    assert "&lt;b&gt;&quot;支部&quot;&lt;/b&gt;" in html
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    assert f'<tr data-target="{target.pk}">' in html
    assert f'href="{url}" data-testid="rate-link"' in html
    client.post(url, _ballot_data(round))
    html = client.get(reverse("evaluations:vote")).content.decode()
    row = html[html.index(f'<tr data-target="{target.pk}">') :]
    row = row[: row.index("</tr>")]
    assert "text-bg-success" in row and "rate-link" not in row


def test_a_ballot_address_must_name_an_open_round_and_its_own_target(client, inst):
    """The round is read by a lookup compiled once (core.rows.instances): a round no
    row has, a target of another round and a closed round all answer 404."""
    round = make_round(inst)
    other = make_round(inst)
    target = target_of(round, unit=inst.branch)
    client.force_login(inst.user("staff"))
    ballot = lambda r, t: reverse("evaluations:ballot", args=[r, t])  # noqa: E731
    assert client.get(ballot(round.pk, target.pk)).status_code == 200
    assert client.get(ballot(10**9, target.pk)).status_code == 404
    assert client.get(ballot(other.pk, target.pk)).status_code == 404
    services.round_close(round=round)
    assert client.get(ballot(round.pk, target.pk)).status_code == 404
