"""The notification centre (通知中心): list, mark read, settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import paginate
from organizations.access import scope_of
from organizations.models import Notification
from organizations.notifications import services as notify
from organizations.notifications.context_processors import LazyCount
from organizations.notifications.forms import NotificationSettingForm


def _person(request):
    return scope_of(request.user).person


def _next(request, default: str) -> str:
    """Where to go after a POST: ``next`` if it is a path of this site, else
    ``default``. Only a path (``/…``): ``redirect()`` would take any other word for a
    view name (``next=-1`` was a server error, ``next=home`` the home page)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return default


@login_required
def notification_list(request):
    """Unread first, then newest; PAGE_SIZE (50) a page."""
    person = _person(request)
    rows = Notification.objects.none()
    if person is not None:
        unread_first = ExpressionWrapper(
            Q(read_at__isnull=True), output_field=BooleanField()
        )
        rows = Notification.objects.filter(recipient=person).order_by(
            unread_first.desc(), "-created_at", "-pk"
        )
    page = paginate(request, rows)
    return render(
        request,
        "notifications/list.html",
        # The view's own count, so the page is right even without the context
        # processor; with it, the navbar badge reuses this one (one COUNT query).
        {"page": page, "person": person, "unread_count": LazyCount(request.user)},
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read; with ``open``, go on to what it links to."""
    notification = notify.get_notification_for(request.user, pk)
    notify.notification_mark_read(person=notification.recipient, pk=notification.pk)
    if request.POST.get("open") and notification.url:
        if url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}
        ):
            return HttpResponseRedirect(notification.url)
    return HttpResponseRedirect(_next(request, reverse("notifications:list")))


@login_required
@require_POST
def notification_read_all(request):
    person = _person(request)
    if person is None:
        raise Http404
    count = notify.notification_mark_read(person=person)
    messages.success(
        request, _("%(count)s notifications marked as read.") % {"count": count}
    )
    return HttpResponseRedirect(_next(request, reverse("notifications:list")))


@login_required
def notification_settings(request):
    person = _person(request)
    if person is None:
        raise Http404
    form = NotificationSettingForm(
        request.POST or None, instance=notify.setting_for(person)
    )
    if request.method == "POST" and form.is_valid():
        notify.notification_setting_update(person=person, **form.cleaned_data)
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:settings")
    return render(
        request, "notifications/settings.html", {"form": form, "person": person}
    )
