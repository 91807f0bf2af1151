"""Data built once per test module and shared by its tests (STYLE rule 18).

tests/conftest.py opens the module's outer transaction (``shared_block``) and builds
the shared institutes in it; a folder's conftest builds its own shared objects the same
way, through ``SharedBlock.build``, and hands each test ``fresh`` copies.
"""

import copy

from django.utils import translation


class SharedBlock:
    """The module's outer transaction; builds run in the language its tests use.

    What is built here is in the database for every test of the module, so a fixture
    is shared only where every test of the module that uses the database asks for it
    (a test that makes its own campaign, or wants none, must not find a shared one).
    """

    def __init__(self, django_db_blocker, language: str | None, wanted: list[set]):
        self.blocker = django_db_blocker
        self.language = language
        self.wanted = wanted

    def build(self, name, build, *args):
        """``build(*args)`` with the database open, in the module's language, if every
        database test of the module asks for the fixture ``name``; else None."""
        if not all(name in fixtures for fixtures in self.wanted):
            return None
        with self.blocker.unblock():
            if self.language is None:
                return build(*args)
            with translation.override(self.language):
                return build(*args)


def fresh(copies, shared_value, build, *args):
    """A test's own copy of the shared value, or a new one built for the test."""
    if shared_value is None:
        return build(*args)
    return copy.deepcopy(shared_value, copies)
