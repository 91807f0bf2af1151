"""Evidence and attachment files (佐证材料): checked by content, stored privately.

Uploaded files are recognised by their first bytes (magic numbers), never by the name or
the browser's content type; their size is capped by ``settings.EVIDENCE_MAX_BYTES``. They
are stored under ``MEDIA_ROOT`` (outside the web root: no URL serves it) with a random
name, and reach a browser only through a view that has checked scope and then calls
``serve_upload``, which sends them as an attachment with ``nosniff``.

Interface used by other modules (keep it stable):

- ``check_upload(file) -> str``: the detected content type, or ``ValidationError``.
- ``clean_filename(name) -> str``: a display name with no path tricks.
- ``RandomPath(folder)``: a FileField ``upload_to`` giving ``folder/YYYY/MM/<random>.<ext>``.
- ``serve_upload(path, filename, content_type=None) -> FileResponse``.
- ``purge_orphan_files(older_than=...) -> int``: the nightly sweep of files no row
  refers to (an upload whose transaction rolled back, or whose process died).
"""

import datetime
import os
import posixpath
import re
import secrets
import unicodedata
import zipfile

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"

# The extensions a file of each type may carry; the first is used for storage.
EXTENSIONS = {
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg", ".jpe"),
    GIF: (".gif",),
    PDF: (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    DOC: (".doc",),
    XLS: (".xls",),
    PPT: (".ppt",),
}
IMAGE_TYPES = {PNG, JPEG, GIF}
_OLE_BY_EXTENSION = {".doc": DOC, ".xls": XLS, ".ppt": PPT}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")
MAX_NAME_LENGTH = 120


def max_upload_bytes() -> int:
    """The size limit for one uploaded file, read from settings at call time."""
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def clean_filename(name: str) -> str:
    """A display name with directories, control characters and NULs taken out."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/")
    name = posixpath.basename(name)
    name = _UNSAFE.sub("", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(name)
        name = stem[: MAX_NAME_LENGTH - len(ext[:10])] + ext[:10]
    return name or "file"


def _extension(name: str) -> str:
    return os.path.splitext(clean_filename(name))[1].lower()


def _read_head(file, size: int = 16) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head or b""


def _ooxml_type(file) -> str | None:
    """The OOXML type of a zip file, or None for any other zip (or a broken one)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("ppt/") for n in names):
        return PPTX
    return None


def detect_content_type(file, name: str = "") -> str | None:
    """The content type read from the file's first bytes, or None if not allowed."""
    head = _read_head(file)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(file)
    if head.startswith(_OLE_MAGIC):
        # An OLE container holds Word, Excel or PowerPoint alike; the name tells which.
        return _OLE_BY_EXTENSION.get(_extension(name), DOC)
    return None


def check_upload(file) -> str:
    """Check an uploaded file's size, name and content; return its content type."""
    name = getattr(file, "name", "") or ""
    display = clean_filename(name)
    if "\x00" in name:
        raise ValidationError(
            _("The file name contains invalid characters; rename the file and retry."),
            code="bad_name",
        )
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    if not size:
        raise ValidationError(
            _("The file %(name)s is empty; choose another file.") % {"name": display},
            code="empty",
        )
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _(
                "The file %(name)s is %(size)s MB; files may be at most %(limit)s MB. "
                "Shrink or split it and retry."
            )
            % {
                "name": display,
                "size": f"{size / 1024 / 1024:.1f}",
                "limit": f"{limit / 1024 / 1024:g}",
            },
            code="too_big",
        )
    content_type = detect_content_type(file, name)
    if content_type is None:
        raise ValidationError(
            _(
                "The file %(name)s is not an allowed type. Upload an image (PNG, JPEG, "
                "GIF), a PDF or an Office document (Word, Excel, PowerPoint)."
            )
            % {"name": display},
            code="bad_type",
        )
    ext = _extension(name)
    if ext and ext not in EXTENSIONS[content_type]:
        raise ValidationError(
            _(
                "The file %(name)s is not what its name says: its content is %(type)s. "
                "Rename it with the right extension or choose another file."
            )
            % {"name": display, "type": EXTENSIONS[content_type][0].lstrip(".")},
            code="disguised",
        )
    return content_type


@deconstructible
class RandomPath:
    """``upload_to`` for FileFields: a random file name under ``folder/YYYY/MM/``.

    The user's name for the file never reaches the disk; keep it in a separate field
    (cleaned with ``clean_filename``).
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        ext = _extension(filename)
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", ext or ""):
            ext = ""
        today = timezone.localdate()
        return f"{self.folder}/{today:%Y}/{today:%m}/{secrets.token_urlsafe(24)}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomPath) and other.folder == self.folder


def serve_upload(path, filename: str, content_type: str | None = None) -> FileResponse:
    """Send a stored file as a download. Call only after the scope check.

    ``path`` is a FieldFile or a storage name relative to MEDIA_ROOT.
    """
    try:
        if hasattr(path, "open"):
            handle = path.open("rb")
        else:
            handle = default_storage.open(str(path), "rb")
    except (FileNotFoundError, SuspiciousFileOperation, ValueError):
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=clean_filename(filename),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def purge_orphan_files(
    *, older_than: datetime.timedelta = datetime.timedelta(days=1)
) -> int:
    """Delete stored uploads that no row refers to and that are older than a day.

    Files are written before their row commits, so a rolled-back transaction (or a
    process that died between the two) leaves the file behind. Only the folders of
    ``RandomPath`` file fields are swept, each against every row of the models that
    store into it; a file younger than ``older_than`` may belong to a transaction that
    is still open and is kept.
    """
    folders: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and isinstance(
                field.upload_to, RandomPath
            ):
                names = folders.setdefault(field.upload_to.folder, set())
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
    cutoff = timezone.now() - older_than
    removed = 0
    for folder, referenced in folders.items():
        for name in list(_walk(default_storage, folder)):
            if name in referenced or default_storage.get_modified_time(name) > cutoff:
                continue
            default_storage.delete(name)
            removed += 1
    return removed
