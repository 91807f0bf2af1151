"""Evidence a mark may link to (佐证)."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.models import Organization
from pledges.models import (
    ActivityRecord,
    Campaign,
    Meeting,
    NewsReport,
    PlanMeasure,
    PledgeItem,
)


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    model: type
    unit_field: str
    campaign_field: str | None
    label_field: str


EVIDENCE_KINDS = {
    k.key: k
    for k in (
        EvidenceKind(
            "pledge_item", PledgeItem, "pledge__unit", "pledge__campaign", "text"
        ),
        EvidenceKind(
            "plan_measure", PlanMeasure, "plan__unit", "plan__campaign", "text"
        ),
        EvidenceKind("record", ActivityRecord, "branch", None, "title"),
        EvidenceKind("meeting", Meeting, "branch", None, "topic"),
        EvidenceKind("news", NewsReport, "branch", None, "title"),
    )
}


EVIDENCE_LABELS = {
    "pledge_item": "承诺事项",
    "plan_measure": "计划措施",
    "record": "纪实",
    "meeting": "会议",
    "news": "通讯报道",
}


EVIDENCE_PER_KIND = 200


def _evidence_qs(kind: EvidenceKind, campaign: Campaign, unit: Organization):
    rows = kind.model.objects.filter(**{kind.unit_field: unit})
    if kind.campaign_field:
        rows = rows.filter(**{kind.campaign_field: campaign})
    return rows


def evidence_choices(*, campaign: Campaign, unit: Organization) -> list[tuple]:
    """Grouped choices ``(group, [(key, label)])`` of the unit's evidence (5 queries)."""
    groups = []
    for kind in EVIDENCE_KINDS.values():
        rows = (
            _evidence_qs(kind, campaign, unit)
            .order_by("-pk")
            .values_list("pk", kind.label_field)[:EVIDENCE_PER_KIND]
        )
        choices = [(f"{kind.key}:{pk}", str(label)[:120]) for pk, label in rows]
        if choices:
            groups.append((EVIDENCE_LABELS[kind.key], choices))
    return groups


def evidence_resolve(
    *, campaign: Campaign, unit: Organization, keys: list[str]
) -> dict[str, tuple[ContentType, int, str]]:
    """``"kind:pk"`` keys → (content type, pk, label); anything outside the unit refused."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        kind, _sep, pk = key.partition(":")
        if kind not in EVIDENCE_KINDS or not pk.isdigit():
            raise ValidationError(_("Unknown evidence: %(key)s.") % {"key": key})
        wanted[kind].add(int(pk))
    found: dict[str, tuple[ContentType, int, str]] = {}
    for kind_key, pks in wanted.items():
        kind = EVIDENCE_KINDS[kind_key]
        ct = ContentType.objects.get_for_model(kind.model)
        for pk, label in (
            _evidence_qs(kind, campaign, unit)
            .filter(pk__in=pks)
            .values_list("pk", kind.label_field)
        ):
            found[f"{kind_key}:{pk}"] = (
                ct,
                pk,
                f"{EVIDENCE_LABELS[kind_key]}：{label}"[:300],
            )
    missing = [k for k in keys if k not in found]
    if missing:
        raise ValidationError(
            _("Evidence must belong to %(unit)s in this campaign.")
            % {"unit": unit.name}
        )
    return found


def evidence_key(ct_model: str, pk: int) -> str | None:
    for kind in EVIDENCE_KINDS.values():
        if kind.model._meta.model_name == ct_model:
            return f"{kind.key}:{pk}"
    return None
