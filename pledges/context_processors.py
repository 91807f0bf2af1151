"""The campaign phase shown on every page (当前阶段)."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from organizations.access import scope_of


def _phase_for(user) -> str:
    from pledges.selectors import current_campaign, phase_label

    scope = scope_of(user)
    institute = scope.person.institute if scope.person else None
    if institute is None:
        return ""
    today = timezone.localdate()
    campaign = current_campaign(institute, today)
    # The current campaign may be the next or the last one; a phase shows only while
    # one runs.
    if campaign is not None and not (
        campaign.phase1_start <= today <= campaign.phase5_end
    ):
        campaign = None
    return phase_label(campaign, today) if campaign else ""


def current_phase(request):
    """``current_phase``: e.g. “2026 campaign · phase 2: 积极争创，扎实推进”, or empty.

    Lazy: pages that do not render it cost no query; pages that do cost one.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_phase": SimpleLazyObject(lambda: _phase_for(user))}
