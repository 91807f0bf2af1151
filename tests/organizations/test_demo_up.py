"""``manage.py demo_up`` (make run's steps before the servers): a demo data failure is
reported and the site still starts."""

from io import StringIO

import pytest
from django.core.management import call_command

from organizations.management.commands import demo_up


def test_a_failing_seeder_is_reported_and_the_start_goes_on(monkeypatch):
    """A demo its users changed (a role removed, say) may make a seeder fail: make
    run then printed a traceback and never started the servers."""
    ran = []

    def fake_call_command(name, **kwargs):
        ran.append(name)
        if name == "seed_demo":
            raise PermissionError("只能填报本人的承诺书")
        kwargs["stdout"].write(f"{name} ran")

    monkeypatch.setattr(demo_up.fast_migrate, "migrate", lambda stdout: None)
    monkeypatch.setattr(demo_up, "call_command", fake_call_command)
    out, err = StringIO(), StringIO()
    call_command("demo_up", stdout=out, stderr=err)
    assert ran == ["seed_demo", "demo_banner"]
    assert "PermissionError: 只能填报本人的承诺书" in err.getvalue()
    assert "python manage.py seed_demo" in err.getvalue()
    assert "demo_banner ran" in out.getvalue()


def test_seed_demo_itself_still_raises(monkeypatch):
    """The command alone keeps failing loudly (the tests and debugging rely on it)."""
    from organizations.management.commands import seed_demo

    def broken():
        raise PermissionError("broken")

    monkeypatch.setattr(seed_demo, "demo_build", broken)
    with pytest.raises(PermissionError):
        call_command("seed_demo", stdout=StringIO())
