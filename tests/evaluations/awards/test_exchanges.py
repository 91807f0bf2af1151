"""Experience-exchange sessions (经验交流): recorded by the office, read by the staff."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.awards import services
from evaluations.models import ExchangeFile, ExchangeSession
from pledges.demo.commitments import pdf_bytes


def record(campaign, inst, office, **fields):
    values = {
        "held_on": campaign.phase5_start,
        "title": "跨部门经验交流会",
        "summary": "三个支部介绍了做法",
        "units": [inst.branch, inst.other_branch],
    } | fields
    return services.exchange_save(campaign=campaign, by=office, **values)


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_it_records_a_session_with_its_units(campaign, inst, office):
    session = record(campaign, inst, office)
    assert set(session.units.all()) == {inst.branch, inst.other_branch}
    assert session.recorded_by == office


def test_it_keeps_a_file_with_the_session(campaign, inst, office):
    session = record(campaign, inst, office, files=[pdf()])
    stored = session.files.get()
    assert (stored.name, stored.content_type) == ("材料.pdf", "application/pdf")


def test_it_records_a_session_without_files(campaign, inst, office):
    assert not record(campaign, inst, office).files.exists()


def test_it_refuses_a_unit_of_another_institute(campaign, inst, other_inst, office):
    with pytest.raises(ValidationError) as error:
        record(campaign, inst, office, units=[other_inst.branch])
    assert "outside this campaign" in error.value.message_dict["units"][0]


def test_it_requires_a_title_and_a_summary(campaign, inst, office):
    with pytest.raises(ValidationError) as error:
        record(campaign, inst, office, title="", summary=" ")
    assert error.value.message_dict == {
        "title": ["Give the session a title."],
        "summary": ["Summarise what was exchanged."],
    }


def test_it_removes_a_file(campaign, inst, office):
    session = record(campaign, inst, office, files=[pdf()])
    record(
        campaign,
        inst,
        office,
        session=session,
        remove_files=[session.files.get().pk],
    )
    assert not ExchangeFile.objects.exists()


def test_it_records_a_session_on_the_page(client, campaign, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:exchange_create", args=[campaign.pk]),
        {
            "held_on": campaign.phase5_start.isoformat(),
            "title": "经验交流会",
            "summary": "纪要",
            "units": [inst.branch.pk],
            "files": [pdf()],
        },
    )
    session = ExchangeSession.objects.get()
    assert response.url == reverse("awards:exchange", args=[session.pk])
    assert session.files.count() == 1


def test_it_refuses_a_file_that_is_not_a_document(client, campaign, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:exchange_create", args=[campaign.pk]),
        {
            "held_on": campaign.phase5_start.isoformat(),
            "title": "经验交流会",
            "summary": "纪要",
            "files": [SimpleUploadedFile("run.exe", b"MZ\x90\x00", "text/plain")],
        },
    )
    assert response.status_code == 200
    assert not ExchangeSession.objects.exists()
    assert 'value="经验交流会"' in response.content.decode()


def test_it_shows_the_errors_of_an_empty_session_form(client, campaign, inst):
    client.force_login(inst.user("office"))
    page = client.post(
        reverse("awards:exchange_create", args=[campaign.pk]),
        {"held_on": "not a date", "title": "", "summary": ""},
    ).content.decode()
    assert "Enter a date as YYYY-MM-DD." in page
    assert "Give the session a title." in page
    assert "Summarise what was exchanged." in page


def test_it_serves_the_file_to_the_staff(client, campaign, inst, office):
    session = record(campaign, inst, office, files=[pdf()])
    client.force_login(inst.user("staff"))
    response = client.get(
        reverse("awards:exchange_file", args=[session.pk, session.files.get().pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_it_shows_the_session_to_the_staff(client, campaign, inst, office):
    session = record(campaign, inst, office)
    client.force_login(inst.user("staff"))
    page = client.get(reverse("awards:exchange", args=[session.pk])).content.decode()
    assert "三个支部介绍了做法" in page
    assert reverse("awards:exchange_edit", args=[session.pk]) not in page


def test_it_refuses_a_unit_id_beyond_any_database_integer(client, campaign, inst):
    # 2^70 used to reach PostgreSQL in a pk__in lookup: HTTP 500.
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:exchange_create", args=[campaign.pk]),
        {
            "held_on": campaign.phase5_start.isoformat(),
            "title": "经验交流会",
            "summary": "纪要",
            "units": [str(2**70)],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["units"]
    assert not ExchangeSession.objects.exists()


def test_it_shortens_a_400_character_chinese_file_name_instead_of_refusing_it(
    client, campaign, inst
):
    # 1 200 bytes of name in the part's header used to be a bare HTTP 400.
    from pledges.uploads import MAX_NAME_LENGTH

    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:exchange_create", args=[campaign.pk]),
        {
            "held_on": campaign.phase5_start.isoformat(),
            "title": "经验交流会",
            "summary": "纪要",
            "files": [pdf("经验" * 200 + ".pdf")],
        },
    )
    assert response.status_code == 302
    stored = ExchangeFile.objects.get()
    assert stored.name.startswith("经验经验")
    assert stored.name.endswith(".pdf")
    assert len(stored.name) <= MAX_NAME_LENGTH
