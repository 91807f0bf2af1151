"""The layout rules of STYLE.md, checked on the source: layers, feature packages, tasks.

Dependencies point one way (core ← organizations ← pledges ← evaluations ← chuangxian ←
bench); a feature is a package, not a module-name prefix; every Celery task lives in a
``tasks.py`` with an explicit name, so moving code never renames a queued task.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "organizations", "pledges", "evaluations", "chuangxian", "bench"]
FEATURE_PREFIX = re.compile(
    r"^(activity|award|ballot|calendar|dashboard|demo|export|inspection|notify|"
    r"roster|scoring)_\w+\.py$"
)


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


@pytest.mark.parametrize("package", LAYERS)
def test_it_imports_only_from_its_own_layer_or_below(package):
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _modules(package)
        for module, line in _imports(path)
        if rank.get(module.split(".")[0], -1) > rank[package]
    ]
    assert upward == []


@pytest.mark.parametrize(
    "package", ["chuangxian", "organizations", "pledges", "evaluations"]
)
def test_it_names_no_module_with_a_feature_prefix(package):
    prefixed = [
        str(path.relative_to(ROOT))
        for path in _modules(package)
        # Command and tag-library names are what people and templates type.
        if FEATURE_PREFIX.match(path.name)
        and not {"commands", "templatetags"} & set(path.parts)
    ]
    assert prefixed == []


def _task_decorators(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                call = deco if isinstance(deco, ast.Call) else None
                func = call.func if call else deco
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if name in {"shared_task", "task"}:
                    keywords = {k.arg for k in call.keywords} if call else set()
                    yield node.name, "name" in keywords


def test_it_defines_every_task_in_a_tasks_module_with_an_explicit_name():
    found, wrong = [], []
    for package in LAYERS:
        for path in _modules(package):
            for function, named in _task_decorators(path):
                found.append(function)
                if path.name != "tasks.py" or not named:
                    wrong.append(f"{path.relative_to(ROOT)}: {function}")
    assert len(found) >= 7
    assert wrong == []


def test_it_keeps_the_task_names_beat_and_queued_messages_use():
    from chuangxian.celery import app

    app.loader.import_default_modules()
    names = set(app.tasks)
    assert {
        "chuangxian.calendar_tick",
        "chuangxian.export_run",
        "chuangxian.exports_requeue_stale",
        "chuangxian.exports_purge",
        "chuangxian.uploads_purge_orphans",
        "organizations.tasks.send_daily_digests",
        "organizations.tasks.send_notification_emails",
        "organizations.roster_read",
        "organizations.roster_apply",
    } <= names
