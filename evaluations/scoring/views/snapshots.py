"""Snapshots (得分快照)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.models import ScoreSnapshot, SnapshotScore
from evaluations.scoring import access, services
from evaluations.scoring.forms import SnapshotForm
from evaluations.scoring.views.common import _campaign_nav
from evaluations.scoring.views.scores import _breakdown_page
from organizations.access import scope_of


@login_required
def snapshots(request, pk):
    campaign = access.get_office_campaign_for(
        request.user, pk, write=request.method == "POST"
    )
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.scores_snapshot_take(
                campaign=campaign, by=request.user, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Snapshot taken."))
            return redirect("scoring:snapshot", snapshot.pk)
    scope = scope_of(request.user)
    return render(
        request,
        "scoring/snapshots.html",
        {
            **_campaign_nav(request, campaign, "snapshots"),
            "page": paginate(
                request,
                ScoreSnapshot.objects.filter(campaign=campaign).select_related(
                    "taken_by__person"
                ),
            ),
            "form": form,
            "can_edit": access.is_office(scope, campaign),
        },
    )


def _snapshot_for(request, snapshot_pk) -> ScoreSnapshot:
    snapshot = get_object_or_404(
        ScoreSnapshot.objects.select_related("campaign", "campaign__scope"),
        pk=snapshot_pk,
    )
    access.get_office_campaign_for(request.user, snapshot.campaign_id)
    return snapshot


@login_required
def snapshot(request, snapshot_pk):
    snapshot = _snapshot_for(request, snapshot_pk)
    audience = request.GET.get("audience", "unit")
    rows = SnapshotScore.objects.filter(snapshot=snapshot).defer("inputs", "breakdown")
    rows = rows.filter(
        **(
            {"person__isnull": False}
            if audience == "person"
            else {"unit__isnull": False}
        )
    )
    return render(
        request,
        "scoring/snapshot.html",
        {
            **_campaign_nav(request, snapshot.campaign, "snapshots"),
            "snapshot": snapshot,
            "audience": audience,
            "page": paginate(
                request, rows.order_by("category_key", "rank", "name", "pk")
            ),
        },
    )


@login_required
def snapshot_row(request, snapshot_pk, row_pk):
    snapshot = _snapshot_for(request, snapshot_pk)
    row = get_object_or_404(
        SnapshotScore.objects.select_related("unit", "person"),
        pk=row_pk,
        snapshot=snapshot,
    )
    return _breakdown_page(
        request,
        snapshot.campaign,
        row,
        unit=row.unit,
        person=row.person,
        snapshot=snapshot,
    )
