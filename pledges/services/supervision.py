"""Supervision (接受群众监督)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import scope_of
from pledges.models import (
    Plan,
    Pledge,
    Status,
    SupervisionComment,
    TransitionError,
)
from pledges.services.workflow import _require


@transaction.atomic
def comment_add(
    *, target: Plan | Pledge, by, text: str, anonymous: bool
) -> SupervisionComment:
    """Leave a supervision comment; an anonymous one keeps no link to its author."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment first.")})
    if target.status != Status.PUBLISHED:
        raise TransitionError(_("Only published plans and pledges take comments."))
    return SupervisionComment.objects.create(
        plan=target if isinstance(target, Plan) else None,
        pledge=target if isinstance(target, Pledge) else None,
        text=text,
        is_anonymous=anonymous,
        author=None if anonymous else by,
        created_on=timezone.localdate(),
    )


@transaction.atomic
def comment_answer(*, comment: SupervisionComment, by, text: str) -> SupervisionComment:
    """The secretary (or the unit's officer) answers a supervision comment."""
    target = comment.target
    _require(
        scope_of(by).can_manage_unit(target.unit),
        _("Only the unit's secretary or officer answers comments."),
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer first.")})
    comment.answer = text
    comment.answered_by = by
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    return comment
