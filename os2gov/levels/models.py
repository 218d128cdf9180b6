"""Product levels and the blue stamp (PRD-02…07).

* A **level model** is versioned data: ordered levels (N1, N2, N3, optionally others such as
  a sandbox below N1) and the criteria each level demands. A published version is never
  edited; the business committee changes the criteria by copying the current version into a
  draft, editing the draft and publishing it (services.py).
* **Manual** criteria are answered by the product (its self-assessment) with evidence; every
  change of an answer is kept as a revision, and a changed answer loses its verification.
* **Structural** criteria are computed from live governance data by a rule (structural.py).
* The secretariat **verifies** answers; the business committee accepts **deviations**; the
  steering group or the board records **evaluations**.
* The held level is computed (compliance.py) and kept per level as a **LevelStatus** with its
  achieved, first-achieved and lost dates. The **approved** level changes only by a business
  committee recommendation followed by a board approval.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_english() -> bool:
    return (get_language() or "").startswith("en")


# --- The level model (PRD-02) ---------------------------------------------------------------


class LevelModel(models.Model):
    """One version of the level model. Drafts (``published_at`` empty) are editable; a
    published version is frozen. Exactly one version is current."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    effective_on = models.DateField(_("effective from"))
    is_current = models.BooleanField(_("current"), default=False)
    notes = models.TextField(_("notes"), blank=True, default="")
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("level model")
        verbose_name_plural = _("level models")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_level_model",
            )
        ]

    def __str__(self) -> str:
        return str(_("Level model version %(version)s") % {"version": self.version})

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class Level(models.Model):
    model = models.ForeignKey(
        LevelModel, verbose_name=_("level model"), on_delete=models.CASCADE, related_name="levels"
    )
    code = models.CharField(_("code"), max_length=16)  # N1, N2, N3, SANDBOX
    order = models.PositiveSmallIntegerField(_("order"))  # the lowest level first
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_da = models.TextField(_("description (Danish)"), blank=True, default="")
    description_en = models.TextField(_("description (English)"), blank=True, default="")

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["model", "order"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="level_code_per_model"),
            models.UniqueConstraint(fields=["model", "order"], name="level_order_per_model"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_da

    @property
    def description(self) -> str:
        return self.description_en if in_english() else self.description_da


class Theme(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    LEGAL = "legal", _("Legal matters")
    DOCUMENTATION = "documentation", _("Documentation")
    PROCUREMENT = "procurement", _("Procurement")
    TRAINING = "training", _("Training")
    USE = "use", _("Use")
    ORGANISATION = "organisation", _("Organisation")
    CODE = "code", _("Code")
    OPERATIONS = "operations", _("Operation and support")
    EVALUATION = "evaluation", _("Evaluation")


class Obligation(models.TextChoices):
    REQUIRED = "required", _("Required")
    RECOMMENDED = "recommended", _("Recommended")


class CriterionKind(models.TextChoices):
    MANUAL = "manual", _("Answered by the product")
    STRUCTURAL = "structural", _("Computed from the governance data")


class Criterion(models.Model):
    model = models.ForeignKey(
        LevelModel,
        verbose_name=_("level model"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.CASCADE, related_name="criteria"
    )
    key = models.CharField(_("key"), max_length=64)  # stable across versions
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    obligation = models.CharField(
        _("obligation"), max_length=16, choices=Obligation.choices, default=Obligation.REQUIRED
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=CriterionKind.choices, default=CriterionKind.MANUAL
    )
    rule = models.CharField(
        _("rule"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("For a computed criterion: the code of the rule that computes it."),
    )
    url_required = models.BooleanField(_("a link to the evidence is required"), default=False)
    justification_required = models.BooleanField(_("a justification is required"), default=False)
    not_applicable_allowed = models.BooleanField(_("may be not applicable"), default=False)
    text_da = models.TextField(_("text (Danish)"))
    text_en = models.TextField(_("text (English)"))
    guidance_da = models.TextField(_("guidance (Danish)"), blank=True, default="")
    guidance_en = models.TextField(_("guidance (English)"), blank=True, default="")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["model", "level__order", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="criterion_key_per_model"),
            models.CheckConstraint(
                condition=(Q(kind="structural") & ~Q(rule="")) | (Q(kind="manual") & Q(rule="")),
                name="criterion_rule_only_when_structural",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def text(self) -> str:
        return self.text_en if in_english() else self.text_da

    @property
    def guidance(self) -> str:
        return self.guidance_en if in_english() else self.guidance_da

    @property
    def is_structural(self) -> bool:
        return self.kind == CriterionKind.STRUCTURAL

    @property
    def is_required(self) -> bool:
        return self.obligation == Obligation.REQUIRED

    def same_content_as(self, other: Criterion) -> bool:
        """Whether ``other`` (the same key in another version) asks exactly the same."""
        fields = (
            "theme",
            "obligation",
            "kind",
            "rule",
            "url_required",
            "justification_required",
            "not_applicable_allowed",
            "text_da",
            "text_en",
        )
        return self.level.code == other.level.code and all(
            getattr(self, name) == getattr(other, name) for name in fields
        )


# --- Answers, evidence, verification (the self-assessment and the secretariat's review) -----


class AnswerStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    IN_DOUBT = "in_doubt", _("In doubt")


class Answer(models.Model):
    """A product's current answer to one manual criterion of one model version."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="level_answers",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="answers"
    )
    status = models.CharField(
        _("answer"), max_length=16, choices=AnswerStatus.choices, default=AnswerStatus.UNKNOWN
    )
    justification = models.TextField(_("justification"), blank=True, default="")
    evidence_urls = models.JSONField(_("links to the evidence"), default=list, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"))
    # The verification of the current revision; cleared when the answer changes.
    verification = models.OneToOneField(
        "Verification",
        verbose_name=_("verification"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["product", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "criterion"], name="one_answer_per_product_and_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.criterion}: {self.get_status_display()}"


class AnswerRevision(models.Model):
    """Every version of an answer, never changed or deleted."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    status = models.CharField(_("answer"), max_length=16, choices=AnswerStatus.choices)
    justification = models.TextField(_("justification"), blank=True, default="")
    evidence_urls = models.JSONField(_("links to the evidence"), default=list, blank=True)
    evidence_files = models.JSONField(_("evidence files"), default=list, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"))
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")
        ordering = ["answer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "number"], name="answer_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.answer} (#{self.number})"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    return f"levels/evidence/{instance.answer.product_id}/{filename}"


class EvidenceFile(models.Model):
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    added_in = models.PositiveIntegerField(_("added in revision"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["answer", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Rating(models.TextChoices):
    GREEN = "green", _("Green: the evidence confirms the answer")
    YELLOW = "yellow", _("Yellow: confirmed only in part; to be improved")
    RED = "red", _("Red: the evidence does not support the answer")


class Verification(models.Model):
    """The secretariat's review of one revision of an answer."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="verifications"
    )
    revision = models.ForeignKey(
        AnswerRevision,
        verbose_name=_("revision verified"),
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    basis = models.TextField(_("basis"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-verified_at", "-id"]

    def __str__(self) -> str:
        return f"{self.answer}: {self.get_rating_display()}"


class Deviation(models.Model):
    """A criterion the product does not meet, explained and accepted by the business
    committee until ``expires_on`` (the last day it covers)."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="level_deviations",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="deviations"
    )
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("expires on"))
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["product", "criterion", "-expires_on"]

    def __str__(self) -> str:
        return f"{self.product} – {self.criterion} ({self.expires_on})"


class Evaluation(models.Model):
    """An evaluation of a product (PRD-04, MTG-04), by its steering group or the board."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluated_on = models.DateField(_("date"))
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        "governance.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("summary"))
    minutes_url = models.URLField(_("link to the minutes"), max_length=500)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["product", "-evaluated_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(body__isnull=False) & Q(group__isnull=True))
                | (Q(body__isnull=True) & Q(group__isnull=False)),
                name="evaluation_by_one_body_or_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.evaluated_on}"

    @property
    def evaluator(self) -> Any:
        return self.body or self.group


# --- Held and approved levels (PRD-05, PRD-06) ----------------------------------------------


class LevelStatus(models.Model):
    """Whether a product holds one level (by code), kept up to date by
    ``compliance.recompute_product_level``, with the dates it was achieved and lost."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="level_statuses",
    )
    level_code = models.CharField(_("level"), max_length=16)
    level_order = models.PositiveSmallIntegerField(_("order"), default=0)
    held = models.BooleanField(_("held"), default=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    self_assessed_progress = models.PositiveSmallIntegerField(
        _("self-assessed progress (%)"), default=0
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    first_achieved_on = models.DateField(_("first achieved on"), null=True, blank=True)
    lost_on = models.DateField(_("lost on"), null=True, blank=True)
    model_version = models.PositiveIntegerField(_("level model version"), default=0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("level status")
        verbose_name_plural = _("level statuses")
        ordering = ["product", "level_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "level_code"], name="one_status_per_product_and_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.level_code}: {'held' if self.held else 'not held'}"


class RecommendationKind(models.TextChoices):
    NEW_PRODUCT = "new_product", _("New product")
    LEVEL_CHANGE = "level_change", _("Change of level")


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the board")
    APPROVED = "approved", _("Approved by the board")
    WITHDRAWN = "withdrawn", _("Replaced by a later recommendation")


class LevelRecommendation(models.Model):
    """The business committee's recommendation to the board (PRD-06)."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="level_recommendations",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RecommendationKind.choices)
    level_code = models.CharField(_("level"), max_length=16)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PENDING,
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("recommended by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("level recommendation")
        verbose_name_plural = _("level recommendations")
        ordering = ["product", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(status="pending"),
                name="one_pending_recommendation_per_product",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} → {self.level_code} ({self.get_status_display()})"


class ApprovedLevel(models.Model):
    """The history of a product's approved level; the latest row is the one in force."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="approved_levels",
    )
    level_code = models.CharField(_("level"), max_length=16)
    approved_on = models.DateField(_("approved on"))
    recommendation = models.OneToOneField(
        LevelRecommendation,
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="approval",
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("approved level")
        verbose_name_plural = _("approved levels")
        ordering = ["product", "-approved_on", "-id"]

    def __str__(self) -> str:
        return f"{self.product}: {self.level_code} ({self.approved_on})"
