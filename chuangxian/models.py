"""The campaign calendar's log (日程执行记录): every step the scheduler took."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StepRun(models.Model):
    """One calendar step for one campaign and due date, taken once (by tick or by hand).

    The unique constraint on (campaign, step, due_on) is what makes the scheduler
    idempotent: a second tick, or two ticks at once, find the step done and do nothing.
    """

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed, will retry")

    class Trigger(models.TextChoices):
        TICK = "tick", _("Scheduler")
        HAND = "hand", _("By hand")

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="step_runs",
    )
    step = models.CharField(_("step"), max_length=64)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DONE
    )
    trigger = models.CharField(
        _("by"), max_length=8, choices=Trigger.choices, default=Trigger.TICK
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ran_at = models.DateTimeField(_("ran at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    outcome = models.TextField(_("outcome"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("calendar step")
        verbose_name_plural = _("calendar steps")
        ordering = ["-due_on", "-ran_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "step", "due_on"], name="uniq_step_per_due_day"
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.step} {self.due_on}"


class ExportJob(models.Model):
    """An export run in the background (导出任务): an Excel sheet or a PDF ledger.

    The worker moves it queued → running → done (or failed), reporting progress; the
    file lies under ``MEDIA_ROOT/exports/`` and is served only to the requester. A job
    whose broker message was lost stays queued until ``exports_requeue_stale`` sends it
    again; running it twice is harmless (the queued → running step is conditional).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        PLANS_PLEDGES = "plans_pledges", _("Plans and pledges (Excel)")
        SCORES = "scores", _("Scores and their breakdown (Excel)")
        LEDGER = "ledger", _("Branch ledger pack (PDF)")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file_path = models.CharField(_("file"), max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
