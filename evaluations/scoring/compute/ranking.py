"""6. Ranking."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal


def rank(entries: Iterable[tuple[object, object, Decimal | None]]) -> dict:
    """Rank ``(key, group, score)`` within each group: equal scores share a rank."""
    groups: dict[object, list[tuple[object, Decimal]]] = defaultdict(list)
    ranks: dict = {}
    for key, group, score in entries:
        if score is None:
            ranks[key] = None
        else:
            groups[group].append((key, score))
    for members in groups.values():
        members.sort(key=lambda m: m[1], reverse=True)
        previous, position = None, 0
        for index, (key, score) in enumerate(members, start=1):
            if score != previous:
                position, previous = index, score
            ranks[key] = position
    return ranks
