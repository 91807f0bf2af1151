"""A fast first ``migrate`` for a brand-new SQLite database (``make run``).

Applying the ~70 migrations one by one costs ~15 s on SQLite, nearly all of it Django
re-rendering the historical models after each operation, not the database. On a database
with no table yet the result is known in advance: the schema of the current models. So
this creates the tables straight from the models (as ``migrate --run-syncdb`` does for an
app without migrations), records every migration as applied, and sends the pre- and
post-migrate signals (content types, permissions), in a second or two.

It steps aside, and the ordinary ``migrate`` runs, whenever that shortcut could differ
from applying the migrations: another database engine, a database that already has a
table, conflicting migrations, models that differ from their migrations (a missing
``makemigrations``), or a data migration (``RunPython``/``RunSQL``) not marked
``elidable`` — an elidable one only rewrites rows that already exist, and a new database
has none. ``ROWS_ONLY`` names the third-party migrations whose data operations are of
that kind too but not marked so.
"""

from django.apps import apps as global_apps
from django.core.management import call_command
from django.core.management.sql import (
    emit_post_migrate_signal,
    emit_pre_migrate_signal,
)
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import (
    RunPython,
    RunSQL,
    SeparateDatabaseAndState,
)
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState
from django.utils import translation

# Third-party data migrations that only rewrite existing rows (no-ops on a new database).
ROWS_ONLY = {
    ("contenttypes", "0002_remove_content_type_name"),  # forwards is a no-op
    ("auth", "0011_update_proxy_permissions"),  # moves existing permissions
    ("axes", "0007_alter_accessattempt_unique_together"),  # removes duplicate rows
}


def _data_operations(operations):
    for op in operations:
        if isinstance(op, SeparateDatabaseAndState):
            yield from _data_operations(op.database_operations)
        elif isinstance(op, (RunPython, RunSQL)):
            yield op


def why_not_fast(connection, executor: MigrationExecutor, plan) -> str | None:
    """Why the shortcut may not be taken on this database (None: it may)."""
    if connection.vendor != "sqlite":
        return f"the database is {connection.vendor}, not SQLite"
    if connection.introspection.table_names():
        return "the database already has tables"
    loader = executor.loader
    if loader.detect_conflicts():
        return "there are conflicting migrations"
    for migration, backwards in plan:
        if backwards:
            return "the plan unapplies a migration"
        if (migration.app_label, migration.name) in ROWS_ONLY:
            continue
        for op in _data_operations(migration.operations):
            if not op.elidable:
                return f"{migration.app_label}.{migration.name} has a data operation"
    with translation.override(None):  # as makemigrations: names untranslated
        changes = MigrationAutodetector(
            loader.project_state(), ProjectState.from_apps(global_apps)
        ).changes(graph=loader.graph)
    if changes:
        return "the models differ from their migrations (run makemigrations)"
    return None


def migrate(*, database: str = DEFAULT_DB_ALIAS, stdout=None) -> bool:
    """Bring the database up to date; True when the shortcut was taken."""
    connection = connections[database]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    reason = why_not_fast(connection, executor, plan)
    if reason is not None:
        if stdout is not None and plan:
            stdout.write(f"Applying the migrations one by one: {reason}.")
        call_command("migrate", database=database, interactive=False, verbosity=0)
        return False
    emit_pre_migrate_signal(0, False, database, apps=global_apps, plan=plan)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    models = [
        model
        for config in global_apps.get_app_configs()
        for model in router.get_migratable_models(config, database)
        if model._meta.can_migrate(connection)
    ]
    applied = []
    for migration, _backwards in plan:
        applied.extend(migration.replaces)
        applied.append((migration.app_label, migration.name))
    # One transaction: a failure leaves only the empty migrations table, and the next
    # run takes the ordinary way.
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
        recorder.migration_qs.bulk_create(
            [recorder.Migration(app=app, name=name) for app, name in applied]
        )
    emit_post_migrate_signal(0, False, database, apps=global_apps, plan=plan)
    if stdout is not None:
        stdout.write(f"Created the schema of {len(plan)} migrations at once.")
    return True
