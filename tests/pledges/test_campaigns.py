import datetime

import pytest
from django.core.exceptions import ValidationError

from pledges import services
from pledges.models import Campaign, CriteriaSet, Criterion, PlanTemplate
from pledges.services import campaigns

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


def dates(start=None):
    return services.campaign_default_dates(start=start or D(2026, 9, 1))


def test_it_creates_a_campaign_with_a_valid_default_calendar(inst):
    c = services.campaign_create(
        scope=inst.institute, year=2026, theme="做研发先锋，当创新标兵", **dates()
    )
    assert c.phase1_start == D(2026, 9, 1)
    assert c.award_deadline == D(2027, 6, 25)
    assert [p["number"] for p in c.phases()] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "start", [D(2026, 1, 1), D(2026, 3, 15), D(2026, 9, 1), D(2026, 12, 31)]
)
def test_it_gives_default_calendars_that_validate(inst, start):
    c = Campaign(scope=inst.institute, year=start.year, theme="t", **dates(start))
    c.full_clean()


def test_it_refuses_an_award_deadline_after_30_june(inst):
    fields = dates() | {"award_deadline": D(2027, 7, 1)}
    with pytest.raises(ValidationError) as error:
        services.campaign_create(scope=inst.institute, year=2026, theme="t", **fields)
    assert "no later than 30 June" in " ".join(
        error.value.message_dict["award_deadline"]
    )


def test_it_refuses_an_award_deadline_a_year_too_late(inst):
    fields = dates() | {"award_deadline": D(2028, 6, 1), "phase5_end": D(2028, 12, 1)}
    with pytest.raises(ValidationError) as error:
        services.campaign_create(scope=inst.institute, year=2026, theme="t", **fields)
    assert "30 June 2027" in " ".join(error.value.message_dict["award_deadline"])


def test_it_refuses_overlapping_phases(inst):
    fields = dates() | {"phase2_start": D(2026, 9, 10)}
    with pytest.raises(ValidationError) as error:
        services.campaign_create(scope=inst.institute, year=2026, theme="t", **fields)
    assert "phase2_start" in error.value.message_dict


def test_it_refuses_an_evaluation_closing_before_it_opens(inst):
    fields = dates() | {"evaluation_closes_on": D(2027, 2, 1)}
    with pytest.raises(ValidationError) as error:
        services.campaign_create(scope=inst.institute, year=2026, theme="t", **fields)
    assert "evaluation_closes_on" in error.value.message_dict


def test_it_refuses_a_phase_1_outside_the_year(inst):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(scope=inst.institute, year=2025, theme="t", **dates())
    assert "phase1_start" in error.value.message_dict


def test_it_allows_one_campaign_per_scope_and_year(inst):
    services.campaign_create(scope=inst.institute, year=2026, theme="t", **dates())
    with pytest.raises(ValidationError) as error:
        services.campaign_create(scope=inst.institute, year=2026, theme="u", **dates())
    assert "already a campaign for 2026" in error.value.message_dict["year"][0]


def test_it_allows_the_same_year_in_another_institute(inst, other_inst):
    services.campaign_create(scope=inst.institute, year=2026, theme="t", **dates())
    services.campaign_create(
        scope=other_inst.institute, year=2026, theme="t", **dates()
    )
    assert Campaign.objects.filter(year=2026).count() == 2


def test_it_seeds_the_criteria_sets_of_the_domain(campaign):
    sets = {s.code: s for s in campaign.criteria_sets.all()}
    # 院先进工作者 is the academy's own title: an institute's campaign lacks it.
    assert len(sets) == 10
    assert "academy_worker" not in sets
    member = sets["party_member"]
    assert member.audience == CriteriaSet.Audience.PERSON
    tops = list(member.criteria.filter(parent=None).values_list("name", flat=True))
    assert tops == [
        "带头学习提高",
        "带头创新攻关",
        "带头服务群众",
        "带头促进和谐",
        "带头弘扬正气",
    ]
    study = member.criteria.get(name="带头学习提高")
    assert list(study.children.values_list("name", flat=True)) == [
        "政治素质好",
        "自觉学习好",
    ]
    assert sets["league_member"].criteria.count() == 4
    assert sets["women_member"].criteria.count() == 5
    assert sets["party_branch"].criteria.count() == 5 + 7


def test_it_seeds_one_template_per_category_and_mass_family(inst, campaign):
    templates = PlanTemplate.objects.filter(campaign=campaign)
    assert templates.filter(category__isnull=False).count() == 4
    assert set(
        templates.filter(category__isnull=True).values_list("family", flat=True)
    ) == {"union", "league", "women"}
    research = templates.get(category=inst.category)
    assert research.focus == inst.category.emphasis
    assert research.measures.count() == 3


def test_it_seeds_idempotently(campaign):
    services.criteria_seed(campaign=campaign)
    services.templates_seed(campaign=campaign)
    assert campaign.criteria_sets.count() == 10
    assert campaign.plan_templates.count() == 7


def test_it_copies_last_years_campaign_a_year_on(inst):
    old = services.campaign_create(
        scope=inst.institute, year=2026, theme="旧主题", min_ballots=7, **dates()
    )
    template = old.plan_templates.get(category=inst.category)
    services.template_update(
        template=template,
        focus="新重点",
        targets="t",
        pledge_plans="p",
        pledge_direction="d",
        measures=["甲", "乙"],
    )
    Criterion.objects.filter(criteria_set__campaign=old, code="1").update(max_points=20)
    new = services.campaign_copy(source=old)
    assert new.year == 2027
    assert new.theme == "旧主题"
    assert new.min_ballots == 7
    assert new.copied_from == old
    assert new.phase1_start == D(2027, 9, 1)
    assert new.award_deadline == D(2028, 6, 25)
    copied = new.plan_templates.get(category=inst.category)
    assert copied.focus == "新重点"
    assert list(copied.measures.values_list("text", flat=True)) == ["甲", "乙"]
    sub = Criterion.objects.get(
        criteria_set__campaign=new, criteria_set__code="party_member", code="1.1"
    )
    assert sub.parent.code == "1"
    assert sub.parent.criteria_set.campaign == new
    assert (
        Criterion.objects.filter(
            criteria_set__campaign=new, code="1", max_points=20
        ).count()
        == 10
    )


def test_it_refuses_to_copy_onto_an_existing_year(inst):
    old = services.campaign_create(
        scope=inst.institute, year=2026, theme="t", **dates()
    )
    services.campaign_copy(source=old)
    with pytest.raises(ValidationError):
        services.campaign_copy(source=old)


def test_it_moves_29_february_to_the_28th():
    assert campaigns._shift_year(D(2028, 2, 29)) == D(2029, 2, 28)


def test_it_knows_the_phase_of_a_day(inst):
    c = services.campaign_create(scope=inst.institute, year=2026, theme="t", **dates())
    assert c.phase_on(D(2026, 9, 1))["number"] == 1
    assert c.phase_on(D(2026, 11, 22))["number"] == 2
    assert c.phase_on(D(2026, 8, 31)) is None


def test_it_lists_the_calendar_in_date_order(inst):
    c = services.campaign_create(scope=inst.institute, year=2026, theme="t", **dates())
    events = c.calendar()
    assert [e["on"] for e in events] == sorted(e["on"] for e in events)
    assert {"quarter1", "review2", "evaluation_opens", "award_deadline"} <= {
        e["key"] for e in events
    }


def test_it_updates_a_campaign_and_validates(campaign):
    with pytest.raises(ValidationError):
        services.campaign_update(
            campaign=campaign, award_deadline=D(campaign.year + 1, 7, 15)
        )
    services.campaign_update(campaign=campaign, theme="新主题")
    campaign.refresh_from_db()
    assert campaign.theme == "新主题"


def test_it_adds_union_items_to_an_empty_set(campaign):
    union = campaign.criteria_sets.get(code="union_member")
    union.criteria.all().delete()
    first = services.criterion_save(criteria_set=union, name="爱岗敬业")
    sub = services.criterion_save(criteria_set=union, name="出勤", parent=first)
    assert (first.code, sub.code) == ("1", "1.1")


def test_it_refuses_an_empty_criterion_name(campaign):
    union = campaign.criteria_sets.get(code="union_member")
    with pytest.raises(ValidationError):
        services.criterion_save(criteria_set=union, name="  ")
