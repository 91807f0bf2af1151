"""The unread-notification count shown in the navigation bar of every page."""

from functools import cached_property

from organizations.notifications import services as notify


class LazyCount:
    """An int counted on first use, so pages that never show it cost no query."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def value(self) -> int:
        return notify.unread_count(self._user.pk)

    def __int__(self) -> int:
        return self.value

    __index__ = __int__

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return str(self.value)

    def __eq__(self, other) -> bool:
        return self.value == other

    def __lt__(self, other) -> bool:
        return self.value < other

    def __gt__(self, other) -> bool:
        return self.value > other

    __hash__ = None


def unread_count(request):
    """``unread_count``: one COUNT query, run only if a page shows it; 0 if anonymous."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_count": 0}
    return {"unread_count": LazyCount(user)}
