import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges import services
from pledges.models import Evidence, ProgressUpdate, Status, TransitionError
from tests.pledges.builders import make_plan, make_pledge
from tests.pledges.files import pdf_bytes, png_bytes

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def pledge(inst, campaign):
    return make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )


@pytest.fixture
def plan(inst, campaign):
    return make_plan(
        campaign,
        inst.branch,
        inst.user("secretary"),
        state=Status.PUBLISHED,
        approver=inst.user("gsec"),
    )


def report(subject, user, **kw):
    kw.setdefault("status", "on_track")
    kw.setdefault("percent", 50)
    kw.setdefault("text", "进展")
    return services.progress_report(subject=subject, by=user, **kw)


def test_it_records_progress_and_keeps_the_latest_on_the_item(inst, pledge):
    item = pledge.items.first()
    report(item, inst.user("member"), percent=20)
    report(item, inst.user("member"), status="at_risk", percent=35)
    item.refresh_from_db()
    assert (item.progress_status, item.progress_percent) == ("at_risk", 35)
    assert ProgressUpdate.objects.filter(item=item).count() == 2


def test_it_refuses_done_below_a_hundred_percent_and_keeps_the_number(inst, pledge):
    item = pledge.items.first()
    report(item, inst.user("member"), percent=40)
    with pytest.raises(ValidationError) as error:
        report(item, inst.user("member"), status="done", percent=40)
    assert error.value.message_dict["percent"] == [
        "A completed item is 100 % done, but you gave 40 %. "
        "Set 100 %, or choose another status if it is not finished."
    ]
    item.refresh_from_db()
    assert (item.progress_status, item.progress_percent) == ("on_track", 40)
    assert ProgressUpdate.objects.filter(item=item).count() == 1


def test_it_records_done_at_a_hundred_percent(inst, pledge):
    item = pledge.items.first()
    report(item, inst.user("member"), status="done", percent=100)
    item.refresh_from_db()
    assert (item.progress_status, item.progress_percent) == ("done", 100)


def test_it_stores_evidence_under_media_root_with_a_random_name(inst, pledge, media):
    item = pledge.items.first()
    update = report(
        item,
        inst.user("member"),
        files=[
            SimpleUploadedFile("/etc/照片.png", png_bytes()),
            SimpleUploadedFile("说明.pdf", pdf_bytes()),
        ],
    )
    names = sorted(e.name for e in update.evidence.all())
    assert names == ["照片.png", "说明.pdf"]
    for evidence in update.evidence.all():
        path = media / evidence.file.name
        assert path.exists()
        assert path.resolve().is_relative_to(media.resolve())
        assert "照片" not in evidence.file.name
    assert {e.content_type for e in update.evidence.all()} == {
        "image/png",
        "application/pdf",
    }


def test_it_stores_nothing_when_one_file_is_bad(inst, pledge):
    item = pledge.items.first()
    with pytest.raises(ValidationError):
        report(
            item,
            inst.user("member"),
            files=[
                SimpleUploadedFile("ok.pdf", pdf_bytes()),
                SimpleUploadedFile("bad.pdf", b"MZ-not-a-pdf"),
            ],
        )
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()


def test_it_refuses_progress_on_an_unpublished_pledge(inst, campaign):
    draft = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.SUBMITTED,
    )
    with pytest.raises(TransitionError):
        report(draft.items.first(), inst.user("member"))


def test_it_refuses_progress_by_staff(inst, pledge):
    with pytest.raises(PermissionDenied):
        report(pledge.items.first(), inst.user("staff"))


def test_it_lets_the_secretary_report_for_a_member(inst, pledge):
    update = report(pledge.items.first(), inst.user("secretary"))
    assert update.reported_by == inst.user("secretary")


def test_it_lets_a_measure_owner_report(inst, plan):
    measure = plan.measures.first()
    measure.owner = inst.people["member"]
    measure.save()
    report(measure, inst.user("member"), status="done", percent=100)
    measure.refresh_from_db()
    assert measure.progress_status == "done"


def test_it_refuses_a_measure_report_by_a_plain_member(inst, plan):
    measure = plan.measures.exclude(owner=inst.people["member"]).first()
    measure.owner = None
    measure.save()
    with pytest.raises(PermissionDenied):
        report(measure, inst.user("member"))


def test_it_flags_overdue_items_until_done(inst, pledge):
    item = pledge.items.first()
    item.due_on = datetime.date(2000, 1, 1)
    item.save()
    assert item.is_overdue
    report(item, inst.user("member"), status="done", percent=100)
    item.refresh_from_db()
    assert not item.is_overdue


def test_it_refuses_to_remove_an_item_with_progress(inst, pledge):
    item = pledge.items.first()
    report(item, inst.user("member"))
    pledge.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.pledge_update(
            pledge=pledge,
            by=inst.user("member"),
            revision=pledge.revision,
            plans="p",
            direction="d",
            items=[{"id": item.pk, "delete": True}],
        )
    assert "has progress reports" in error.value.messages[0]


def test_it_refuses_an_unknown_progress_status(inst, pledge):
    with pytest.raises(ValidationError):
        report(pledge.items.first(), inst.user("member"), status="great")


# --- supervision comments --------------------------------------------------------


def test_it_stores_an_anonymous_comment_without_author(inst, pledge):
    c = services.comment_add(
        target=pledge, by=inst.user("staff"), text="监督", anonymous=True
    )
    assert c.author is None
    assert isinstance(c.created_on, datetime.date)
    assert not isinstance(c.created_on, datetime.datetime)


def test_it_refuses_comments_on_drafts(inst, campaign):
    draft = make_plan(campaign, inst.other_branch, inst.user("othersec"))
    with pytest.raises(TransitionError):
        services.comment_add(
            target=draft, by=inst.user("staff"), text="x", anonymous=False
        )


def test_it_refuses_an_answer_from_a_member(inst, pledge):
    c = services.comment_add(
        target=pledge, by=inst.user("staff"), text="x", anonymous=False
    )
    with pytest.raises(PermissionDenied):
        services.comment_answer(comment=c, by=inst.user("member"), text="a")
