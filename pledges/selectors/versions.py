"""Versions."""

from django.utils.translation import gettext as _

from organizations.access import Scope
from organizations.models import Organization
from pledges.access import reaches


def version_diff(old: dict | None, new: dict) -> list[dict]:
    """What changed between two snapshots: changed text fields, rows added and removed."""
    old = old or {}
    labels = {
        "focus": _("Focus"),
        "targets": _("Target results"),
        "plans": _("Concrete plans"),
        "direction": _("Direction of effort"),
        "measures": _("Measures"),
        "milestones": _("Milestones"),
        "items": _("Committed items"),
    }
    changes = []
    for key, value in new.items():
        before = old.get(key)
        if isinstance(value, list):
            render = _row_text
            old_rows = [render(r) for r in (before or [])]
            new_rows = [render(r) for r in value]
            added = [r for r in new_rows if r not in old_rows]
            removed = [r for r in old_rows if r not in new_rows]
            if added or removed:
                changes.append(
                    {
                        "field": labels.get(key, key),
                        "added": added,
                        "removed": removed,
                    }
                )
        elif before != value:
            changes.append(
                {"field": labels.get(key, key), "before": before or "", "after": value}
            )
    return changes


def _row_text(row: dict) -> str:
    parts = [row.get("due_on", ""), row.get("text", "")]
    if row.get("target"):
        parts.append(f"（{row['target']}）")
    if row.get("criterion"):
        parts.append(f"[{row['criterion']}]")
    if row.get("owner"):
        parts.append(f"· {row['owner']}")
    return " ".join(p for p in parts if p)


def versions_with_diffs(versions) -> list[dict]:
    """Versions newest first, each with what it changed against the one before."""
    rows = sorted(versions, key=lambda v: v.number)
    result = []
    previous = None
    for v in rows:
        result.append(
            {
                "version": v,
                "changes": version_diff(
                    previous.snapshot if previous else None, v.snapshot
                )
                if previous
                else [],
            }
        )
        previous = v
    return list(reversed(result))


def is_reachable(scope: Scope, unit: Organization) -> bool:
    return reaches(scope, unit)
