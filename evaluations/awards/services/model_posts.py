"""Member model posts (党员示范岗)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.awards.services.common import _audit
from evaluations.models import ModelPost
from organizations.audit import AuditEvent
from organizations.models import Person
from pledges.models import Campaign


@transaction.atomic
def model_post_save(
    *,
    campaign: Campaign,
    by,
    person: Person,
    post_name: str,
    since: datetime.date,
    description: str = "",
    ended_on: datetime.date | None = None,
    post: ModelPost | None = None,
) -> ModelPost:
    """Designate (or change) a member model post (党员示范岗)."""
    errors = {}
    post_name = (post_name or "").strip()
    if not post_name:
        errors["post_name"] = _("Name the post.")
    if (
        not person.is_party_member
        or not person.is_active
        or person.branch is None
        or not person.branch.path.startswith(campaign.scope.path)
    ):
        errors["person"] = _("Choose a party member in service in this campaign.")
    if ended_on is not None and since is not None and ended_on < since:
        errors["ended_on"] = _("A post cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    clash = ModelPost.objects.filter(
        campaign=campaign, person=person, post_name=post_name
    )
    if post is not None:
        clash = clash.exclude(pk=post.pk)
    if clash.exists():
        raise ValidationError(
            {
                "post_name": _("%(name)s already holds this post.")
                % {"name": person.name}
            }
        )
    created = post is None
    if created:
        post = ModelPost(campaign=campaign, designated_by=by)
    post.person, post.post_name, post.since = person, post_name[:100], since
    post.description, post.ended_on = (description or "").strip(), ended_on
    post.save()
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=post,
        campaign=campaign,
        person=person.pk,
    )
    return post
