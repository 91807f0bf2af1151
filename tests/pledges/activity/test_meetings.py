"""三会一课 and 党课: meetings with attendance, and the rule that every secretary gives
at least one party lecture a year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations import services as org_services
from organizations.models import Organization, Role
from pledges.activity import selectors, services
from pledges.models import Meeting, MeetingAttendance

DAY = datetime.date(2026, 6, 18)
LECTURE = Meeting.Kind.LECTURE


pytestmark = pytest.mark.usefixtures("english")


def lecture(branch, speaker, day=DAY, **extra):
    return services.meeting_create(
        branch=branch, kind=LECTURE, held_on=day, topic="党课", speaker=speaker, **extra
    )


def test_it_expects_every_member_of_the_branch_and_counts_them_present(inst):
    meeting = services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GENERAL, held_on=DAY, topic="党员大会"
    )
    names = {a.person.name for a in meeting.attendance.all()}
    assert names == {"gsec", "secretary", "member"}
    assert {a.status for a in meeting.attendance.all()} == {"present"}


def test_it_records_a_meeting_from_the_form_and_asks_for_attendance(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:meeting_create", args=[inst.branch.pk]),
        {
            "kind": "committee",
            "held_on": "2026-06-01",
            "topic": "支委会",
            "speaker": inst.people["secretary"].pk,
            "summary": "研究工作",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "activity:meeting_attendance", args=[meeting.pk]
    )
    assert meeting.created_by == inst.user("secretary")
    assert meeting.summary == "研究工作"


def test_it_asks_who_gave_a_party_lecture(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:meeting_create", args=[inst.branch.pk]),
        {"kind": "lecture", "held_on": "2026-06-01", "topic": "党课"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert response.context["form"].errors["speaker"] == [
        "Name who gave the party lecture."
    ]
    assert "党课" in response.content.decode()


def test_it_accepts_an_outside_speaker_by_name(inst):
    meeting = lecture(inst.branch, None, speaker_name="外请专家")
    assert meeting.speaker_display == "外请专家"


def test_it_marks_absent_and_excused_with_reasons(client, inst):
    meeting = services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GENERAL, held_on=DAY, topic="大会"
    )
    P = inst.people
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:meeting_attendance", args=[meeting.pk]),
        {
            f"status_{P['secretary'].pk}": "present",
            f"status_{P['member'].pk}": "excused",
            f"reason_{P['member'].pk}": "出差",
            f"status_{P['gsec'].pk}": "absent",
            f"reason_{P['gsec'].pk}": "",
        },
    )
    assert response.status_code == 302
    rows = {a.person.name: (a.status, a.reason) for a in meeting.attendance.all()}
    assert rows == {
        "secretary": ("present", ""),
        "member": ("excused", "出差"),
        "gsec": ("absent", ""),
    }
    detail = client.get(meeting.get_absolute_url()).context["counts"]
    assert detail == {"expected": 3, "present": 1, "absent": 1, "excused": 1}


def test_it_asks_for_the_reason_of_an_excused_absence(client, inst):
    meeting = services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GENERAL, held_on=DAY, topic="大会"
    )
    member = inst.people["member"]
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:meeting_attendance", args=[meeting.pk]),
        {f"status_{member.pk}": "excused", f"reason_{member.pk}": "  "},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[f"reason_{member.pk}"] == [
        "Give the reason why member was excused."
    ]
    assert meeting.attendance.get(person=member).status == "present"


def test_it_drops_those_marked_not_expected(inst):
    meeting = services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GROUP, held_on=DAY, topic="党小组会"
    )
    services.attendance_set(
        meeting=meeting, rows=[(inst.people["member"], "present", "")]
    )
    assert [a.person.name for a in meeting.attendance.all()] == ["member"]


def test_it_refuses_an_excused_absence_without_reason_in_the_service(inst):
    meeting = services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GROUP, held_on=DAY, topic="党小组会"
    )
    with pytest.raises(ValidationError):
        services.attendance_set(
            meeting=meeting, rows=[(inst.people["member"], "excused", "")]
        )


def test_it_forgets_the_reason_of_someone_present(inst):
    meeting = services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GROUP, held_on=DAY, topic="党小组会"
    )
    services.attendance_set(
        meeting=meeting, rows=[(inst.people["member"], "present", "来了")]
    )
    assert MeetingAttendance.objects.get(meeting=meeting).reason == ""


# ----------------------------------------------------------------------------------
# The 党课 rule


def test_it_counts_the_rule_met_when_the_secretary_gave_a_lecture(inst):
    lecture(inst.branch, inst.people["secretary"])
    assert selectors.lecture_given(inst.branch, year=2026) is True


def test_it_counts_the_rule_not_met_without_any_lecture(inst):
    services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GENERAL, held_on=DAY, topic="大会"
    )
    assert selectors.lecture_given(inst.branch, year=2026) is False


def test_it_counts_the_rule_not_met_when_someone_else_lectured(inst):
    lecture(inst.branch, inst.people["member"])
    lecture(inst.branch, None, speaker_name="外请专家")
    assert selectors.lecture_given(inst.branch, year=2026) is False


def test_it_counts_the_rule_not_met_by_a_lecture_of_another_year(inst):
    lecture(inst.branch, inst.people["secretary"], day=datetime.date(2025, 12, 31))
    assert selectors.lecture_given(inst.branch, year=2026) is False
    assert selectors.lecture_given(inst.branch, year=2025) is True


def test_it_counts_the_rule_not_met_by_the_secretary_lecturing_elsewhere(inst):
    # The other branch's secretary lectures in our branch: that is not *our* secretary.
    lecture(inst.branch, inst.people["othersec"])
    assert selectors.lecture_given(inst.branch, year=2026) is False
    assert selectors.lecture_given(inst.other_branch, year=2026) is False


def test_it_counts_a_lecture_by_a_branch_with_two_secretaries(inst):
    org_services.role_grant(
        person=inst.people["member"], kind=Role.Kind.SECRETARY, node=inst.branch
    )
    lecture(inst.branch, inst.people["member"])
    assert selectors.lecture_given(inst.branch, year=2026) is True


def test_it_shows_met_and_not_met_per_branch(client, inst):
    lecture(inst.branch, inst.people["secretary"])
    client.force_login(inst.user("office"))
    response = client.get(reverse("activity:lectures") + "?year=2026")
    body = response.content.decode()
    assert f'data-branch="{inst.branch.pk}" data-met="yes"' in body
    assert f'data-branch="{inst.other_branch.pk}" data-met="no"' in body
    assert f'data-branch="{inst.lone_branch.pk}" data-met="no"' in body
    assert "secretary" in body


def _more_branches(inst, n):
    K = Organization.Kind
    for i in range(n):
        branch = org_services.organization_create(
            name=f"新支部{i}", kind=K.BRANCH, parent=inst.gb, category=inst.category
        )
        org_services.role_grant(
            person=inst.people["othermember"], kind=Role.Kind.SECRETARY, node=branch
        )
        if i % 2:
            lecture(branch, inst.people["othermember"])


def test_it_keeps_the_lecture_page_query_count_fixed(
    client, inst, django_assert_max_num_queries
):
    _more_branches(inst, 3)
    client.force_login(inst.user("office"))
    url = reverse("activity:lectures")
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    _more_branches(inst, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_it_deletes_a_meeting_with_its_attendance(client, inst):
    meeting = lecture(inst.branch, inst.people["secretary"])
    client.force_login(inst.user("secretary"))
    response = client.post(reverse("activity:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert not MeetingAttendance.objects.exists()


def test_it_lists_the_meetings_of_the_members_branch_only(client, inst):
    services.meeting_create(
        branch=inst.branch, kind=Meeting.Kind.GENERAL, held_on=DAY, topic="本支部"
    )
    services.meeting_create(
        branch=inst.other_branch, kind=Meeting.Kind.GENERAL, held_on=DAY, topic="别处"
    )
    client.force_login(inst.user("member"))
    body = client.get(reverse("activity:meetings")).content.decode()
    assert "本支部" in body
    assert "别处" not in body


def test_it_keeps_the_meeting_list_query_count_fixed(
    client, inst, django_assert_num_queries, django_assert_max_num_queries
):
    lecture(inst.branch, inst.people["secretary"])
    client.force_login(inst.user("gsec"))
    url = reverse("activity:meetings")
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for i in range(60):
        services.meeting_create(
            branch=inst.other_branch,
            kind=Meeting.Kind.GROUP,
            held_on=DAY - datetime.timedelta(days=i),
            topic=f"党小组会{i}",
        )
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 50
    first = response.context["page"][0]
    assert (first.expected, first.present) == (2, 2)
