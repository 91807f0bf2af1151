"""The audit log and the logs hold round changes, never ballots, receipts or codes."""

import logging

from django.urls import reverse

from evaluations.ballots import services
from evaluations.models import StagedBallot
from organizations.audit import AuditEvent
from tests.evaluations.ballots.builders import make_round, staff_of, target_of


def _everything_logged(caplog) -> str:
    audit = " ".join(
        f"{e.action} {e.object_type} {e.path} {e.detail}"
        for e in AuditEvent.objects.all()
    )
    return audit + " ".join(record.getMessage() for record in caplog.records)


def test_it_audits_each_step_of_a_round(inst):
    round = make_round(inst, opened=False)
    services.round_open(round=round, by=inst.user("office"))
    services.round_close(round=round, by=inst.user("office"))
    steps = AuditEvent.objects.filter(
        action=AuditEvent.Action.TRANSITION, object_id=str(round.pk)
    )
    assert [e.detail["target"] for e in steps.order_by("pk")] == ["open", "closed"]
    assert steps.first().user == inst.user("office")


def test_it_writes_no_audit_event_when_a_ballot_is_cast(client, inst, caplog):
    caplog.set_level(logging.DEBUG)
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    client.force_login(inst.user("staff"))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(
        reverse("evaluations:ballot", args=[round.pk, target.pk]),
        {**{f"q{q.pk}": "4" for q in round.questions.all()}, "comment": "机密评语"},
    )
    assert response.status_code == 200
    receipt = StagedBallot.objects.get().receipt
    assert not AuditEvent.objects.filter(pk__gt=last).exists()
    logged = _everything_logged(caplog)
    assert receipt not in logged
    assert "机密评语" not in logged


def test_it_keeps_slip_codes_out_of_the_audit_log_and_the_logs(client, inst, caplog):
    caplog.set_level(logging.DEBUG)
    round = make_round(inst)
    client.force_login(inst.user("office"))
    staff_of(inst, 1, prefix="P")  # and the institute's "paper" person
    body = client.post(
        reverse("evaluations:slips", args=[round.pk]), {"unit": inst.department.pk}
    ).content.decode()
    codes = services.code_normalise(body.split('data-testid="slip-code">')[1][:19])
    client.logout()
    client.post(reverse("evaluations:slip"), {"code": codes})
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, detail__count=2)
    assert event.detail["slips_for_unit"] == inst.department.pk
    logged = _everything_logged(caplog)
    assert codes not in logged
    assert services.code_group(codes) not in logged
