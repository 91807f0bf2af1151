"""The audit log (审计日志): who did what, when; never ballot content or slip codes.

Services call ``audit_record`` for every change to plans, pledges, marks, rounds and
awards; sign-ins, failed sign-ins and permission denials are recorded from Django's auth
signals and the 403 handler. ``detail`` holds identifiers and states only: the helper
drops any key that could carry a secret.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.clientip import client_ip

# Keys never stored, whatever a caller passes (ballot contents, slip codes, receipts…).
FORBIDDEN_KEYS = {
    "answers",
    "answer",
    "ratings",
    "rating",
    "comment",
    "code",
    "slip",
    "slip_code",
    "receipt",
    "receipt_code",
    "password",
    "token",
}


class AuditEvent(models.Model):
    """One audited action (审计事件)."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Signed out")
        DENIED = "denied", _("Permission denied")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        TRANSITION = "transition", _("State changed")
        DELETE = "delete", _("Deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    institute_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    path = models.CharField(_("address"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        app_label = "organizations"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"
        )


def _safe_path(request) -> str:
    """The request path, with anything after a slip or receipt segment cut off."""
    if request is None:
        return ""
    parts = request.path.split("/")
    for i, part in enumerate(parts):
        if part in ("slip", "slips", "receipt", "receipts"):
            return "/".join(parts[: i + 1]) + "/…"
    return request.path[:255]


def audit_record(
    *,
    action: str,
    user=None,
    obj=None,
    request=None,
    institute_id: int | None = None,
    username: str = "",
    **detail,
) -> AuditEvent:
    """Write one audit event. Secret-bearing keys in ``detail`` are dropped."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    clean = {
        k: (v if isinstance(v, (int, float, bool, type(None))) else str(v))
        for k, v in detail.items()
        if k.lower() not in FORBIDDEN_KEYS
    }
    if institute_id is None and obj is not None:
        institute_id = getattr(obj, "institute_id", None)
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=username or (user.get_username() if user is not None else ""),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        institute_id=institute_id,
        path=_safe_path(request),
        ip=client_ip(request),
        detail=clean,
    )


def on_signed_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.SIGN_IN, user=user, request=request)


def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.SIGN_OUT, user=user, request=request)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the user name is kept; Django already masks the password in credentials.
    audit_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


def connect_signals() -> None:
    """Record sign-ins, sign-outs and failed sign-ins (Django's auth signals)."""
    from django.contrib.auth.signals import (
        user_logged_in,
        user_logged_out,
        user_login_failed,
    )

    user_logged_in.connect(on_signed_in, dispatch_uid="cx_audit_sign_in")
    user_logged_out.connect(on_signed_out, dispatch_uid="cx_audit_sign_out")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="cx_audit_sign_in_failed")
