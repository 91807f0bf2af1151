"""Roster imports (名册导入)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models.people import User
from organizations.models.tree import Organization


class RosterImport(models.Model):
    """An uploaded roster file (花名册) awaiting or past its all-or-nothing apply."""

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        PREVIEW = "preview", _("Previewed")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")
        UNREADABLE = "unreadable", _("Cannot be read")

    # The worker reads the file (reading → preview, or unreadable) and applies it
    # (applying → applied, or back to preview with the reason); the page polls.
    RUNNING = (Status.READING, Status.APPLYING)

    institute = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_imports"
    )
    uploaded_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEW
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    applied_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # When the worker was last asked to read or apply (for "the worker is not there").
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    # What reading the file found, kept so the preview is not read again per click.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The uploader's language: the worker writes the preview's messages in it.
    language = models.CharField(_("language"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def is_legacy(self) -> bool:
        """Previewed by an older version that kept no preview: read again on view."""
        return self.status == self.Status.PREVIEW and not self.counts

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING or self.is_legacy

    @property
    def ok(self) -> bool:
        """Every row of the stored preview can be written."""
        return not (self.counts.get("rejected") or self.counts.get("units_rejected"))


class RosterImportRow(models.Model):
    """One row of a previewed roster file and what applying it would do."""

    roster_import = models.ForeignKey(
        RosterImport, on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveIntegerField()
    sheet = models.CharField(max_length=20)
    row = models.PositiveIntegerField()
    key = models.CharField(max_length=200, blank=True)
    label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=12)
    # One message a line (a JSON list costs far more to write for 60 000 rows).
    problem_text = models.TextField(blank=True)
    change_text = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        indexes = [
            models.Index(
                fields=["roster_import", "action", "position"],
                name="roster_row_action_idx",
            )
        ]

    def __str__(self):
        return f"{self.sheet} {self.row}"

    @property
    def problems(self) -> list[str]:
        return self.problem_text.splitlines()

    @property
    def changes(self) -> list[str]:
        return self.change_text.splitlines()

    @property
    def action_label(self) -> str:
        from organizations.roster.columns import Action

        return Action(self.action).label
