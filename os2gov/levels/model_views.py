"""Pages where the business committee edits the level model (PRD-02): the versions with
what each changed, one version's levels and criteria, and — under the mandate
``criteria.edit`` — starting a draft, editing its levels and criteria and publishing it.

Published versions are public; a draft is shown to people who are logged in. Every change
goes through the criteria services (via the stale-edit guards in forms_model). A refused
action shows who holds the mandate and writes nothing: the mandate is checked before the
form is read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from os2gov.authority import service as authority
from os2gov.authority.service import MandateRefused
from os2gov.levels import services
from os2gov.levels.forms_model import (
    CriterionForm,
    DraftForm,
    LevelForm,
    PublishForm,
    RemoveForm,
    criterion_remove_checked,
    criterion_save_checked,
    level_save_checked,
    published_message,
)
from os2gov.levels.models import Criterion, Level, LevelModel, Theme
from os2gov.levels.page_helpers import Save, form_page, posted
from os2gov.levels.services.criteria import CRITERIA_ACTION, LEVEL_FIELDS

PAGE_SIZE = 25
# What may change without the answers being given again (same_content_as ignores them).
WORDING_FIELDS = ("order", "guidance_da", "guidance_en")


# --- What changed between two versions --------------------------------------------------------


@dataclass
class VersionChanges:
    """One version and what it changed relative to the version it was based on."""

    model: LevelModel
    previous: LevelModel | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # answers must be given again
    reworded: list[str] = field(default_factory=list)  # only guidance or order
    levels_added: list[str] = field(default_factory=list)
    levels_removed: list[str] = field(default_factory=list)
    levels_changed: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return any(
            (
                self.added,
                self.removed,
                self.changed,
                self.reworded,
                self.levels_added,
                self.levels_removed,
                self.levels_changed,
            )
        )


def version_changes(models: Iterable[LevelModel]) -> list[VersionChanges]:
    """What each of ``models`` (with ``based_on`` selected) changed, criteria and levels by
    key and code. Two queries however many versions and criteria."""
    models = list(models)
    ids = {m.pk for m in models} | {m.based_on_id for m in models if m.based_on_id}
    criteria: dict[int, dict[str, Criterion]] = defaultdict(dict)
    for criterion in Criterion.objects.filter(model_id__in=ids).select_related("level"):
        criteria[criterion.model_id][criterion.key] = criterion
    levels: dict[int, dict[str, Level]] = defaultdict(dict)
    for level in Level.objects.filter(model_id__in=ids):
        levels[level.model_id][level.code] = level
    rows = []
    for model in models:
        row = VersionChanges(model=model, previous=model.based_on)
        if model.based_on_id is not None:
            new, old = criteria[model.pk], criteria[model.based_on_id]
            row.added = sorted(set(new) - set(old))
            row.removed = sorted(set(old) - set(new))
            for key in sorted(set(new) & set(old)):
                if not new[key].same_content_as(old[key]):
                    row.changed.append(key)
                elif any(getattr(new[key], f) != getattr(old[key], f) for f in WORDING_FIELDS):
                    row.reworded.append(key)
            new_levels, old_levels = levels[model.pk], levels[model.based_on_id]
            row.levels_added = sorted(set(new_levels) - set(old_levels))
            row.levels_removed = sorted(set(old_levels) - set(new_levels))
            row.levels_changed = [
                code
                for code in sorted(set(new_levels) & set(old_levels))
                if any(
                    getattr(new_levels[code], f) != getattr(old_levels[code], f)
                    for f in LEVEL_FIELDS
                )
            ]
        rows.append(row)
    return rows


# --- Shared -------------------------------------------------------------------------------------


def _visible(user: Any) -> QuerySet[LevelModel]:
    """Published versions for everyone; the draft for people who are logged in."""
    models = LevelModel.objects.select_related("based_on", "adopted_by__body")
    if not user.is_authenticated:
        models = models.filter(published_at__isnull=False)
    return models


def _crumbs(*more: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Products"), "url": reverse("products:list")},
        {"label": _("Level model"), "url": reverse("levels:model-list")},
    ]
    for label, url in more:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def _version_label(model: LevelModel) -> str:
    return _("Version %(version)s") % {"version": model.version}


def _version_crumbs(model: LevelModel, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    return _crumbs(
        (_version_label(model), reverse("levels:model-detail", args=[model.version])), *more
    )


def _mandate(user: Any) -> tuple[bool, str]:
    """Whether ``user`` may change the level model, and otherwise who may."""
    outcome = authority.check(user, CRITERIA_ACTION)
    if isinstance(outcome, MandateRefused):
        holders = authority.join_holders([holder.label for holder in outcome.holders])
        return False, _("The level model is changed by %(holders)s.") % {"holders": holders}
    return True, ""


def _published(
    request: HttpRequest, template: str, context: dict[str, Any], model: LevelModel
) -> HttpResponse:
    # A version published since the editor opened it: a conflict, not an input error.
    return render(request, template, {**context, "published": published_message(model)}, status=409)


def _draft_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    model: LevelModel,
    form: Form,
    save: Save,
) -> HttpResponse:
    """A form that edits the draft ``model``; a published version is never edited."""
    return form_page(
        request,
        template,
        context,
        outcome=authority.check(request.user, CRITERIA_ACTION),
        form=form,
        save=save,
        conflict=None if model.is_draft else lambda: _published(request, template, context, model),
    )


def _editable(version: int) -> LevelModel:
    return get_object_or_404(LevelModel.objects.select_related("based_on"), version=version)


def _back(model: LevelModel, anchor: str = "") -> str:
    url = reverse("levels:model-detail", args=[model.version])
    return f"{url}#{anchor}" if anchor else url


# --- The versions and one version ---------------------------------------------------------------


@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    """Every version, newest first, with its state, dates and what it changed."""
    models = _visible(request.user).order_by("-version")
    page_obj = Paginator(models, PAGE_SIZE).get_page(request.GET.get("page"))
    may_edit, mandate_note = _mandate(request.user)
    draft = None
    if may_edit:
        draft = LevelModel.objects.filter(published_at__isnull=True).first()
    return render(
        request,
        "levels/model/list.html",
        {
            "page_obj": page_obj,
            "rows": version_changes(page_obj.object_list),
            "may_edit": may_edit,
            "mandate_note": mandate_note,
            "draft": draft,
            "breadcrumbs": [
                {"label": _("Products"), "url": reverse("products:list")},
                {"label": _("Level model")},
            ],
        },
    )


@dataclass
class ThemeGroup:
    label: str
    criteria: list[Criterion]


@dataclass
class LevelGroup:
    level: Level
    themes: list[ThemeGroup]


def _grouped(levels: list[Level], criteria: list[Criterion]) -> list[LevelGroup]:
    by_level: dict[int, dict[str, list[Criterion]]] = {level.pk: {} for level in levels}
    for criterion in criteria:
        by_level[criterion.level_id].setdefault(criterion.theme, []).append(criterion)
    return [
        LevelGroup(
            level,
            [
                ThemeGroup(str(label), by_level[level.pk][value])
                for value, label in Theme.choices
                if value in by_level[level.pk]
            ],
        )
        for level in levels
    ]


@require_GET
def model_detail(request: HttpRequest, version: int) -> HttpResponse:
    """One version's levels and criteria by level and theme, and what it changed."""
    model = get_object_or_404(_visible(request.user), version=version)
    levels = list(model.levels.order_by("order"))
    criteria = list(model.criteria.order_by("level__order", "order", "key"))
    may_edit, mandate_note = _mandate(request.user)
    return render(
        request,
        "levels/model/detail.html",
        {
            "model": model,
            "groups": _grouped(levels, criteria),
            "changes": version_changes([model])[0],
            "may_edit": may_edit and model.is_draft,
            "mandate_note": mandate_note,
            "breadcrumbs": _crumbs((_version_label(model), None)),
        },
    )


# --- Starting a draft ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def draft_start(request: HttpRequest) -> HttpResponse:
    template = "levels/model/draft_form.html"
    current = LevelModel.objects.get(is_current=True)
    context: dict[str, Any] = {
        "current": current,
        "draft": LevelModel.objects.filter(published_at__isnull=True).first(),
        "breadcrumbs": _crumbs((_("Start a new version"), None)),
    }
    form = DraftForm(posted(request))

    def save() -> HttpResponse:
        draft = services.level_model_draft(
            actor=request.user,
            effective_on=form.cleaned_data["effective_on"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(
            request,
            _("Version %(version)s was started as a copy of version %(base)s.")
            % {"version": draft.version, "base": current.version},
        )
        return redirect("levels:model-detail", draft.version)

    return form_page(
        request,
        template,
        context,
        outcome=authority.check(request.user, CRITERIA_ACTION),
        form=form,
        save=save,
    )


# --- Levels of a draft --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def level_edit(request: HttpRequest, version: int, code: str | None = None) -> HttpResponse:
    """Add a level (e.g. a sandbox below N1), or rename or move one."""
    model = _editable(version)
    level = get_object_or_404(model.levels, code=code) if code is not None else None
    template = "levels/model/level_form.html"
    title = (
        _("Change level %(code)s") % {"code": level.code} if level is not None else _("Add a level")
    )
    context: dict[str, Any] = {
        "model": model,
        "level": level,
        "title": title,
        "back": _back(model, f"level-{level.code}" if level else ""),
        "breadcrumbs": _version_crumbs(model, (title, None)),
    }
    form = LevelForm(posted(request), level=level)

    def save() -> HttpResponse | None:
        new_code = level.code if level is not None else form.cleaned_data["code"].strip()
        if level is None and model.levels.filter(code=new_code).exists():
            form.add_error(
                "code",
                _("Version %(version)s already has a level %(code)s.")
                % {"version": model.version, "code": new_code},
            )
            return None
        saved = level_save_checked(
            actor=request.user,
            model=model,
            code=new_code,
            data=form.level_data(),
            expected_edit_version=form.cleaned_data["loaded_version"],
        )
        messages.success(
            request,
            _("Level %(code)s of version %(version)s was saved.")
            % {"code": saved.code, "version": model.version},
        )
        return redirect(_back(model, f"level-{saved.code}"))

    return _draft_page(request, template, context, model, form, save)


# --- Criteria of a draft ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, version: int, key: str | None = None) -> HttpResponse:
    """Add a criterion, or change every field of one."""
    model = _editable(version)
    criterion = (
        get_object_or_404(model.criteria.select_related("level"), key=key)
        if key is not None
        else None
    )
    levels = list(model.levels.order_by("order"))
    template = "levels/model/criterion_form.html"
    title = (
        _("Change criterion %(key)s") % {"key": criterion.key}
        if criterion is not None
        else _("Add a criterion")
    )
    context: dict[str, Any] = {
        "model": model,
        "criterion": criterion,
        "title": title,
        "back": _back(model, f"criterion-{criterion.key}" if criterion else ""),
        "breadcrumbs": _version_crumbs(model, (title, None)),
    }
    form = CriterionForm(posted(request), model=model, levels=levels, criterion=criterion)

    def save() -> HttpResponse | None:
        new_key = criterion.key if criterion is not None else form.cleaned_data["key"].strip()
        if criterion is None and model.criteria.filter(key=new_key).exists():
            form.add_error(
                "key",
                _("Version %(version)s already has a criterion %(key)s.")
                % {"version": model.version, "key": new_key},
            )
            return None
        saved = criterion_save_checked(
            actor=request.user,
            model=model,
            key=new_key,
            data=form.criterion_data(),
            expected_edit_version=form.cleaned_data["loaded_version"],
        )
        messages.success(
            request,
            _("Criterion %(key)s of version %(version)s was saved.")
            % {"key": saved.key, "version": model.version},
        )
        return redirect(_back(model, f"criterion-{saved.key}"))

    return _draft_page(request, template, context, model, form, save)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_remove(request: HttpRequest, version: int, key: str) -> HttpResponse:
    model = _editable(version)
    criterion = get_object_or_404(model.criteria.select_related("level"), key=key)
    template = "levels/model/criterion_remove.html"
    title = _("Remove criterion %(key)s") % {"key": criterion.key}
    context: dict[str, Any] = {
        "model": model,
        "criterion": criterion,
        "title": title,
        "back": _back(model, f"criterion-{criterion.key}"),
        "breadcrumbs": _version_crumbs(model, (title, None)),
    }
    form = RemoveForm(posted(request), criterion=criterion)

    def save() -> HttpResponse:
        criterion_remove_checked(
            actor=request.user,
            model=model,
            key=criterion.key,
            expected_edit_version=form.cleaned_data["loaded_version"],
        )
        messages.success(
            request,
            _("Criterion %(key)s was removed from version %(version)s.")
            % {"key": criterion.key, "version": model.version},
        )
        return redirect(_back(model))

    return _draft_page(request, template, context, model, form, save)


# --- Publishing a draft -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, version: int) -> HttpResponse:
    """The business committee's decision: the draft becomes the current version, and the
    answers to unchanged criteria are carried over."""
    model = _editable(version)
    template = "levels/model/publish.html"
    title = _("Publish version %(version)s") % {"version": model.version}
    context: dict[str, Any] = {
        "model": model,
        "changes": version_changes([model])[0],
        "title": title,
        "back": _back(model),
        "breadcrumbs": _version_crumbs(model, (title, None)),
    }
    form = PublishForm(
        posted(request), initial={"effective_on": model.effective_on, "notes": model.notes}
    )

    def save() -> HttpResponse:
        services.level_model_publish(
            actor=request.user,
            model=model,
            effective_on=form.cleaned_data["effective_on"],
            notes=form.cleaned_data["notes"] if "notes" in request.POST else None,
            **form.decision_fields(),
        )
        messages.success(
            request,
            _("Version %(version)s is now the current level model.") % {"version": model.version},
        )
        return redirect(_back(model))

    return _draft_page(request, template, context, model, form, save)


# Below /produkter/niveauer/, which the secretariat's overview already claims from the
# product pages.
urlpatterns: list[URLPattern] = [
    path("niveauer/modeller/", model_list, name="model-list"),
    path("niveauer/modeller/ny/", draft_start, name="model-draft"),
    path("niveauer/modeller/<int:version>/", model_detail, name="model-detail"),
    path("niveauer/modeller/<int:version>/offentliggoer/", publish, name="model-publish"),
    path("niveauer/modeller/<int:version>/niveauer/ny/", level_edit, name="model-level-add"),
    path(
        "niveauer/modeller/<int:version>/niveauer/<slug:code>/",
        level_edit,
        name="model-level-edit",
    ),
    path(
        "niveauer/modeller/<int:version>/kriterier/ny/",
        criterion_edit,
        name="model-criterion-add",
    ),
    path(
        "niveauer/modeller/<int:version>/kriterier/<slug:key>/",
        criterion_edit,
        name="model-criterion-edit",
    ),
    path(
        "niveauer/modeller/<int:version>/kriterier/<slug:key>/fjern/",
        criterion_remove,
        name="model-criterion-remove",
    ),
]
