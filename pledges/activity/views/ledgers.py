"""The branch ledger (台账)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from core.views import paginate
from organizations.access import scope_of
from pledges.activity import selectors
from pledges.activity.access import can_write_branch, get_activity_branch_for


@login_required
def ledger(request, branch_pk):
    """Everything a branch did, in date order: records, meetings, news, notes, progress."""
    branch = get_activity_branch_for(request.user, branch_pk)
    page = paginate(request, selectors.ledger_rows(branch))
    today = timezone.localdate()
    return render(
        request,
        "activity/ledger.html",
        {
            "branch": branch,
            "page": page,
            "entries": selectors.ledger_entries(page.object_list),
            "can_write": can_write_branch(scope_of(request.user), branch),
            "lecture_given": selectors.lecture_given(branch, year=today.year),
            "year": today.year,
        },
    )
