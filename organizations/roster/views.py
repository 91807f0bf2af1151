"""Pages to import and export the roster (花名册导入导出); activity office only."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import paginate
from organizations import roster
from organizations.access import office_institutes, require_office
from organizations.models import Organization, RosterImport


class RosterUploadForm(forms.Form):
    """Choose a roster file (and the institute, for an office of several)."""

    institute = forms.ModelChoiceField(
        label=gettext_lazy("Institute"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    file = forms.FileField(
        label=gettext_lazy("Roster file"),
        allow_empty_file=True,  # the roster reader explains an empty file itself
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx) or a CSV file (.csv, UTF-8 or GBK) with the "
            "template's columns."
        ),
    )

    def __init__(self, *args, institutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_institute = institutes[0]
        if len(institutes) < 2:
            del self.fields["institute"]
        else:
            self.fields["institute"].queryset = institutes
            self.fields["institute"].initial = self.default_institute
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ROSTER_MAX_BYTES
        if upload.size > limit:
            # Refuse before reading the upload into memory.
            raise ValidationError(
                _("The file is larger than %(limit)s; split it into smaller files.")
                % {"limit": filesizeformat(limit)}
            )
        return upload


def _institutes(request):
    """The institutes the office user imports for; 403 for anyone else."""
    require_office(request.user)
    institutes = office_institutes(request.user).order_by("path")
    if not institutes:
        raise Http404
    return institutes


def _institute(request) -> Organization:
    institutes = _institutes(request)
    wanted = request.GET.get("institute", "")
    return next((i for i in institutes if str(i.pk) == wanted), institutes[0])


def get_roster_import_for(user, pk: int) -> RosterImport:
    """An import of one of the office's institutes (404 otherwise, 403 for non-office)."""
    require_office(user)
    found = (
        RosterImport.objects.select_related("institute", "uploaded_by")
        .filter(pk=pk, institute__in=office_institutes(user))
        .first()
    )
    if found is None:
        raise Http404
    return found


def _check_upload(filename: str, content: bytes) -> None:
    """What can be refused at once without parsing: size, kind, emptiness, and a
    workbook whose zip declares an absurd unpacked size. The worker reads the rest."""
    if not content:
        raise roster.RosterFileError(
            _("The file is empty. Fill in the template and upload it again.")
        )
    lower = filename.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise roster.RosterFileError(
            _(
                "%(name)s is not a roster file. Upload an Excel workbook (.xlsx) or "
                "a CSV file (.csv)."
            )
            % {"name": filename}
        )
    if lower.endswith(".xlsx"):
        if not content.startswith(b"PK\x03\x04"):
            raise roster.RosterFileError(
                _(
                    "This file cannot be read as an Excel workbook (.xlsx). Save it "
                    "from Excel as .xlsx and upload it again."
                )
            )
        roster.check_workbook(content, inflate=False)


@login_required
def roster_upload(request):
    institutes = _institutes(request)
    form = RosterUploadForm(
        request.POST or None, request.FILES or None, institutes=institutes
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        institute = form.cleaned_data.get("institute") or form.default_institute
        content = upload.read()
        try:
            _check_upload(upload.name, content)
        except roster.RosterFileError as error:
            form.add_error("file", error.messages)
        else:
            record = roster.roster_import_start(
                institute=institute,
                by=request.user,
                filename=upload.name,
                content=content,
            )
            return redirect("organizations:roster_import", pk=record.pk)
    imports = (
        RosterImport.objects.filter(institute__in=institutes)
        .select_related("institute", "uploaded_by")
        .defer("content")
    )
    return render(
        request,
        "organizations/roster_upload.html",
        {
            "form": form,
            "page": paginate(request, imports),
            "institutes": institutes,
            "max_bytes": settings.ROSTER_MAX_BYTES,
        },
    )


def _status_context(record: RosterImport) -> dict:
    waited = (timezone.now() - record.queued_at).total_seconds()
    return {
        "record": record,
        "stalled": record.is_running and record.progress == 0 and waited > 10,
    }


@never_cache
@login_required
def roster_import(request, pk):
    record = get_roster_import_for(request.user, pk)
    roster.roster_read_again(roster_import=record)  # if kept by an older version
    roster.roster_send_again(roster_import=record)  # if its message was lost
    context = _status_context(record)
    if record.status == RosterImport.Status.PREVIEW and not record.is_legacy:
        show = request.GET.get("show") or ("all" if record.ok else "problems")
        rows = record.rows.all()
        if show == "problems":
            rows = rows.filter(action=roster.Action.REJECTED)
        context |= {
            "counts": record.counts,
            "problem_count": record.counts.get("rejected", 0)
            + record.counts.get("units_rejected", 0),
            "row_count": sum(record.counts.values()),
            "has_units": any(
                record.counts.get(k)
                for k in ("units_created", "units_unchanged", "units_rejected")
            ),
            "show": show,
            "page": paginate(request, rows),
        }
    return render(request, "organizations/roster_preview.html", context)


@never_cache
@login_required
def roster_import_status(request, pk):
    """The progress card alone, polled every second by htmx while the worker runs;
    once it has finished, the whole page is loaded again to show the outcome."""
    record = get_roster_import_for(request.user, pk)
    response = render(
        request, "organizations/_roster_progress.html", _status_context(record)
    )
    if not record.is_running:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def roster_apply(request, pk):
    record = get_roster_import_for(request.user, pk)
    try:
        roster.roster_apply_request(roster_import=record, by=request.user)
    except roster.TransitionError as error:
        messages.info(request, error.messages[0])
    return redirect("organizations:roster_import", pk=record.pk)


@login_required
@require_POST
def roster_discard(request, pk):
    record = get_roster_import_for(request.user, pk)
    try:
        roster.roster_discard(roster_import=record)
    except roster.TransitionError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, _("The import was discarded; nothing was written."))
    return redirect("organizations:roster_upload")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=roster.XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def roster_export(request):
    institute = _institute(request)
    stamp = timezone.localdate().isoformat()
    return _xlsx(
        roster.roster_export(institute=institute),
        f"花名册-{institute.name}-{stamp}.xlsx",
    )


@login_required
def roster_template(request):
    _institutes(request)
    return _xlsx(roster.roster_template(), "花名册模板.xlsx")
