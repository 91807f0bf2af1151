from django.urls import reverse

from organizations.audit import AuditEvent, audit_record


def test_it_records_sign_in_and_failed_sign_in(client, inst):
    client.post(reverse("login"), {"username": "member", "password": "wrong"})
    client.post(reverse("login"), {"username": "member", "password": "chuangxian"})
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "username"))
    assert ("sign_in_failed", "member") in actions
    assert ("sign_in", "member") in actions


def test_it_records_a_permission_denial(client, inst):
    client.force_login(inst.user("member"))
    url = reverse("organizations:unit_edit", args=[inst.branch.pk])
    assert client.get(url).status_code == 403
    event = AuditEvent.objects.get(action="denied")
    assert event.user == inst.user("member")
    assert event.path == url


def test_it_never_stores_ballot_content_or_codes(inst):
    event = audit_record(
        action="transition",
        user=inst.user("office"),
        obj=inst.branch,
        state="open",
        answers="好,好,差",
        slip_code="K7XQ2M9P",
        receipt="ABCDEF",
    )
    assert event.detail == {"state": "open"}
    assert event.institute_id == inst.institute.pk


def test_it_cuts_slip_codes_out_of_recorded_paths(rf, inst):
    request = rf.get("/vote/slip/K7XQ2M9P/")
    request.user = inst.user("staff")
    event = audit_record(action="denied", request=request)
    assert "K7XQ2M9P" not in event.path
