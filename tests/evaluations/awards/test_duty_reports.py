"""Duty reports (述职述廉) and their rating round, built on the ballot services; the
staff satisfaction survey (群众满意度测评) is a round kind the office creates."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.awards import services
from evaluations.ballots import services as ballot_services
from evaluations.models import DutyReport, Round, Target, TargetRule


def write(campaign, inst, key, *, submit=True, text="一、履职情况……"):
    return services.duty_report_save(
        campaign=campaign,
        person=inst.people[key],
        by=inst.user(key),
        text=text,
        submit=submit,
    )


def test_it_saves_a_secretarys_report_with_the_post(campaign, inst):
    report = write(campaign, inst, "secretary", submit=False)
    assert report.text == "一、履职情况……"
    assert report.is_submitted is False
    assert inst.branch.name in report.role_label


def test_it_submits_a_report(campaign, inst):
    assert write(campaign, inst, "leader").is_submitted


@pytest.mark.parametrize("key", ["member", "staff", "office"])
def test_it_refuses_a_report_from_someone_without_the_duty(campaign, inst, key):
    with pytest.raises(PermissionDenied):
        write(campaign, inst, key)


def test_it_requires_the_text(campaign, inst):
    with pytest.raises(ValidationError) as error:
        write(campaign, inst, "gsec", text="   ")
    assert error.value.message_dict == {"text": ["Write your report."]}


def test_it_keeps_one_report_per_person(campaign, inst):
    write(campaign, inst, "secretary", submit=False)
    write(campaign, inst, "secretary", text="改过的报告")
    assert DutyReport.objects.get().text == "改过的报告"


def test_it_creates_the_rating_round_with_the_reporters_as_targets(
    campaign, inst, office
):
    write(campaign, inst, "secretary")
    write(campaign, inst, "leader")
    write(campaign, inst, "gsec", submit=False)  # a draft is not rated
    round = services.duty_round_sync(campaign=campaign, by=office)
    assert round.kind == Round.Kind.DUTY_REPORT
    assert round.is_draft
    assert round.campaign == campaign
    assert set(Target.objects.filter(round=round).values_list("person", flat=True)) == {
        inst.people["secretary"].pk,
        inst.people["leader"].pk,
    }
    assert round.questions.count() == len(services.DUTY_QUESTIONS)


def test_it_syncs_the_targets_when_reports_change(campaign, inst, office):
    write(campaign, inst, "secretary")
    round = services.duty_round_sync(campaign=campaign, by=office)
    write(campaign, inst, "gsec")
    DutyReport.objects.filter(person=inst.people["secretary"]).delete()
    again = services.duty_round_sync(campaign=campaign, by=office)
    assert again.pk == round.pk
    assert list(
        Target.objects.filter(round=round).values_list("person", flat=True)
    ) == [inst.people["gsec"].pk]
    assert list(round.rules.values_list("kind", flat=True)) == [
        TargetRule.Kind.FIXED_PERSON
    ]


def test_it_syncs_twice_to_the_same_targets(campaign, inst, office):
    write(campaign, inst, "secretary")
    services.duty_round_sync(campaign=campaign, by=office)
    round = services.duty_round_sync(campaign=campaign, by=office)
    assert Target.objects.filter(round=round).count() == 1
    assert Round.objects.filter(kind=Round.Kind.DUTY_REPORT).count() == 1


def test_it_freezes_reports_and_targets_once_the_round_opens(campaign, inst, office):
    write(campaign, inst, "secretary")
    round = services.duty_round_sync(campaign=campaign, by=office)
    ballot_services.round_open(round=round, by=office)
    with pytest.raises(ValidationError):
        write(campaign, inst, "secretary", text="开评后修改")
    with pytest.raises(ValidationError):
        services.duty_round_sync(campaign=campaign, by=office)


def test_it_lets_the_office_create_a_satisfaction_survey(client, inst):
    """The staff satisfaction survey is an ordinary round of its own kind."""
    client.force_login(inst.user("office"))
    response = client.get(reverse("evaluations:round_create"))
    assert response.status_code == 200
    assert Round.Kind.SATISFACTION.value in response.content.decode()


# ---------------------------------------------------------------------------------------
# Pages


def test_it_lets_a_secretary_write_the_report_on_the_page(client, campaign, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("awards:duty_report_edit", args=[campaign.pk]),
        {"text": "我的述职述廉报告", "action": "submit"},
    )
    report = DutyReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("awards:duty_report", args=[campaign.pk, report.pk])
    assert report.is_submitted


def test_it_shows_the_error_of_an_empty_report(client, campaign, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("awards:duty_report_edit", args=[campaign.pk]),
        {"text": "", "action": "save"},
    )
    assert response.status_code == 200
    assert "Write your report." in response.content.decode()


def test_it_hides_a_draft_report_from_other_staff(client, campaign, inst):
    report = write(campaign, inst, "secretary", submit=False)
    client.force_login(inst.user("staff"))
    url = reverse("awards:duty_report", args=[campaign.pk, report.pk])
    assert client.get(url).status_code == 404
    client.force_login(inst.user("office"))
    assert client.get(url).status_code == 200


def test_it_lists_submitted_reports_to_staff(client, campaign, inst):
    write(campaign, inst, "secretary")
    write(campaign, inst, "gsec", submit=False)
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("awards:duty_reports", args=[campaign.pk])
    ).content.decode()
    assert ">secretary<" in page
    assert ">gsec<" not in page


def test_it_creates_the_round_from_the_page(client, campaign, inst):
    write(campaign, inst, "secretary")
    client.force_login(inst.user("office"))
    response = client.post(reverse("awards:duty_round", args=[campaign.pk]))
    round = Round.objects.get(kind=Round.Kind.DUTY_REPORT)
    assert response.url == reverse("evaluations:round", args=[round.pk])


def test_the_round_is_a_link_only_for_those_who_may_open_it(client, campaign, inst):
    # The staff saw a link to /rounds/<id>/ that answered 403.
    write(campaign, inst, "secretary")
    client.force_login(inst.user("office"))
    client.post(reverse("awards:duty_round", args=[campaign.pk]))
    round = Round.objects.get(kind=Round.Kind.DUTY_REPORT)
    round_url = reverse("evaluations:round", args=[round.pk])
    page = reverse("awards:duty_reports", args=[campaign.pk])
    assert f'href="{round_url}"' in client.get(page).content.decode()
    client.force_login(inst.user("staff"))
    body = client.get(page).content.decode()
    assert round.title in body
    assert f'href="{round_url}"' not in body
    assert client.get(round_url).status_code == 403


def test_the_home_panel_follows_the_report(client, campaign, inst):
    client.force_login(inst.user("secretary"))

    def panel():
        html = client.get(reverse("home")).content.decode()
        part = html[html.index('data-panel="duty-report"') :]
        return part[: part.index("</p>")]

    assert "Not written yet." in panel()
    write(campaign, inst, "secretary", submit=False)
    assert "Draft: not submitted yet." in panel()
    write(campaign, inst, "secretary")
    assert "Submitted." in panel()
