import pytest

from pledges.demo import commitments as demo
from pledges.models import Campaign, Evidence, Plan, Pledge, Status, SupervisionComment
from pledges.uploads import check_upload

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_seeds_a_campaign_in_phase_2(inst):
    demo.seed(inst.institute)
    campaign = Campaign.objects.get(scope=inst.institute)
    assert campaign.current_phase["number"] == 2


def test_it_seeds_plans_and_pledges_in_several_states(inst):
    demo.seed(inst.institute)
    states = set(Plan.objects.values_list("status", flat=True)) | set(
        Pledge.objects.values_list("status", flat=True)
    )
    assert {Status.PUBLISHED, Status.SUBMITTED} <= states
    member = Pledge.objects.get(person=inst.people["member"])
    assert member.status == Status.PUBLISHED
    assert member.version == 2
    assert Evidence.objects.filter(update__item__pledge=member).exists()
    assert SupervisionComment.objects.exclude(answer="").exists()


def test_it_seeds_idempotently(inst):
    demo.seed(inst.institute)
    counts = (Plan.objects.count(), Pledge.objects.count(), Evidence.objects.count())
    demo.seed(inst.institute)
    assert (
        Plan.objects.count(),
        Pledge.objects.count(),
        Evidence.objects.count(),
    ) == counts


def test_it_makes_valid_evidence_files():
    from django.core.files.base import ContentFile

    assert check_upload(ContentFile(demo.png_bytes(), name="a.png")) == "image/png"
    assert (
        check_upload(ContentFile(demo.pdf_bytes(), name="a.pdf")) == "application/pdf"
    )


def test_it_has_nobody_approve_what_they_filed(inst):
    demo.seed(inst.institute)
    for model in (Plan, Pledge):
        for obj in model.objects.exclude(approved_by=None):
            assert obj.approved_by_id not in obj.filer_user_ids(), obj
