import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges import uploads
from pledges.uploads import RandomPath, check_upload, clean_filename, serve_upload
from tests.pledges.files import (
    OLE_MAGIC,
    ooxml_bytes,
    pdf_bytes,
    plain_zip_bytes,
    png_bytes,
)

pytestmark = pytest.mark.usefixtures("english")


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("a.png", png_bytes(), uploads.PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, uploads.JPEG),
        ("a.gif", b"GIF89a" + b"0" * 20, uploads.GIF),
        ("a.pdf", pdf_bytes(), uploads.PDF),
        ("a.docx", ooxml_bytes("word/document.xml"), uploads.DOCX),
        ("a.xlsx", ooxml_bytes("xl/workbook.xml"), uploads.XLSX),
        ("a.pptx", ooxml_bytes("ppt/presentation.xml"), uploads.PPTX),
        ("a.doc", OLE_MAGIC, uploads.DOC),
        ("a.xls", OLE_MAGIC, uploads.XLS),
    ],
)
def test_it_recognises_allowed_types_by_content(name, content, expected):
    assert check_upload(upload(name, content)) == expected


def test_it_accepts_a_name_without_extension():
    assert check_upload(upload("scan", pdf_bytes())) == uploads.PDF


def test_it_rejects_an_unknown_type():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("run.exe", b"MZ\x90\x00" + b"0" * 40))
    assert error.value.code == "bad_type"
    assert "not an allowed type" in error.value.messages[0]


def test_it_rejects_html_disguised_as_a_pdf():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("report.pdf", b"<html><script>alert(1)</script>"))
    assert error.value.code == "bad_type"


def test_it_rejects_a_pdf_named_as_an_image():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("photo.png", pdf_bytes()))
    assert error.value.code == "disguised"
    assert "is not what its name says" in error.value.messages[0]


def test_it_rejects_a_plain_zip_named_docx():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("a.docx", plain_zip_bytes()))
    assert error.value.code == "bad_type"


def test_it_rejects_a_broken_zip():
    with pytest.raises(ValidationError):
        check_upload(upload("a.docx", b"PK\x03\x04garbage"))


def test_it_rejects_an_empty_file():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("a.pdf", b""))
    assert error.value.code == "empty"


def test_it_rejects_a_file_over_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        check_upload(upload("a.pdf", pdf_bytes() + b"0" * 200))
    assert error.value.code == "too_big"
    assert "at most" in error.value.messages[0]


def test_it_uses_ten_megabytes_when_not_configured(settings):
    del settings.EVIDENCE_MAX_BYTES
    assert uploads.max_upload_bytes() == 10 * 1024 * 1024


def test_it_rejects_a_nul_in_the_name():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("a.pdf\x00.exe", pdf_bytes()))
    assert error.value.code == "bad_name"


def test_it_leaves_the_file_readable_from_the_start():
    f = upload("a.pdf", pdf_bytes())
    check_upload(f)
    assert f.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/shadow", "shadow"),
        ("C:\\Windows\\evil.docx", "evil.docx"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("a\x00b.pdf", "ab.pdf"),
        ("..", "file"),
        ("", "file"),
        (".hidden.png", "hidden.png"),
        ("报告 <1>.pdf", "报告 1.pdf"),
    ],
)
def test_it_cleans_path_tricks_out_of_names(raw, clean):
    assert clean_filename(raw) == clean


def test_it_keeps_long_names_with_their_extension():
    name = clean_filename("x" * 300 + ".pdf")
    assert len(name) <= uploads.MAX_NAME_LENGTH
    assert name.endswith(".pdf")


def test_it_stores_under_a_random_name():
    path = RandomPath("evidence")(None, "../../secret 报告.PDF")
    assert path.startswith("evidence/")
    assert ".." not in path
    assert "secret" not in path
    assert path.endswith(".pdf")
    assert path != RandomPath("evidence")(None, "../../secret 报告.PDF")


def test_it_drops_an_odd_extension_from_the_stored_name():
    assert "." not in RandomPath("evidence")(None, "a.p/df").rsplit("/", 1)[1]


def test_it_serves_as_an_attachment_with_nosniff(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "abc.pdf").write_bytes(pdf_bytes())
    response = serve_upload("x/abc.pdf", "../报告.pdf", uploads.PDF)
    assert response["Content-Disposition"].startswith("attachment")
    assert "..%2F" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == uploads.PDF
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_it_refuses_to_serve_outside_media_root(settings, tmp_path):
    from django.http import Http404

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "outside.pdf").write_bytes(pdf_bytes())
    with pytest.raises(Http404):
        serve_upload("../outside.pdf", "x.pdf")


def test_it_answers_404_for_a_missing_file(settings, tmp_path):
    from django.http import Http404

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Http404):
        serve_upload("nope.pdf", "x.pdf")
