"""The level-model pages (PRD-02): the versions with what each changed, one version's levels
and criteria, the business committee's draft, level, criterion and publish forms, and a
product's compliance against an earlier version."""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from os2gov.core.models import AuditEvent
from os2gov.levels import services
from os2gov.levels.forms_model import criterion_edit_version, level_edit_version
from os2gov.levels.models import Answer, Criterion, LevelModel
from tests.levels.conftest import TODAY, LevelWorld, answer_met, satisfy_manual
from tests.levels.helpers import between, page_queries
from tests.levels.helpers import fragment_text as text

pytestmark = pytest.mark.django_db

MODELS = "/produkter/niveauer/modeller/"
COMMITTEE_ONLY = "Only the business committee can do this."
HOLDER_NOTE = "The level model is changed by the business committee."
COMPLIANCE = "/produkter/os2niveau/niveau/"


def draft(world: LevelWorld, **extra: Any) -> LevelModel:
    return services.level_model_draft(
        actor=world.committee, effective_on=TODAY + datetime.timedelta(days=30), **extra
    )


def version_url(model: LevelModel, tail: str = "") -> str:
    return f"{MODELS}{model.version}/{tail}"


CRITERION = {
    "key": "N2-PUBLIC-ROADMAP",
    "level_code": "N2",
    "theme": "documentation",
    "order": "7",
    "obligation": "recommended",
    "kind": "manual",
    "rule": "",
    "url_required": "on",
    "justification_required": "on",
    "text_da": "Produktet har en offentlig køreplan.",
    "text_en": "The product has a public roadmap.",
    "guidance_da": "Link til køreplanen.",
    "guidance_en": "Link to the roadmap.",
    "loaded_version": "",
}


def criterion_post(**changes: str | None) -> dict[str, str]:
    data = {**CRITERION, **changes}
    return {name: value for name, value in data.items() if value is not None}


# --- The versions and one version -------------------------------------------------------------


def test_prd02_the_versions_list_what_each_changed(world: LevelWorld, client: Client) -> None:
    first = draft(world, notes="Sandkasse og køreplan.")
    services.level_save(
        actor=world.committee,
        model=first,
        code="SANDBOX",
        data={"order": 0, "name_da": "Sandkasse", "name_en": "Sandbox"},
    )
    services.criterion_save(
        actor=world.committee,
        model=first,
        key="N2-PUBLIC-ROADMAP",
        data={
            "level_code": "N2",
            "theme": "documentation",
            "text_da": "Produktet har en offentlig køreplan.",
            "text_en": "The product has a public roadmap.",
        },
    )
    services.criterion_save(
        actor=world.committee,
        model=first,
        key="N1-DOCUMENTATION",
        data={"text_en": "Public documentation exists, also for operation."},
    )
    services.criterion_save(
        actor=world.committee,
        model=first,
        key="N1-TRAINING-MATERIALS",
        data={"guidance_en": "Slides count too."},
    )
    services.criterion_remove(actor=world.committee, model=first, key="N1-PROCUREMENT")
    services.level_model_publish(actor=world.committee, model=first)
    second = draft(world)

    html = client.get(MODELS).content.decode()
    assert html.count("<h1") == 1
    assert "2 versions" in html
    assert 'data-testid="version-3"' not in html  # drafts are not public
    assert text(between(html, 'data-testid="state-2"', "</td>")) == "Current"
    assert text(between(html, 'data-testid="state-1"', "</td>")) == "Earlier version"
    row = text(between(html, 'data-testid="version-2"', "</tr>"))
    assert "Sandkasse og køreplan." in row
    assert "Compared with version 1:" in row
    assert "Levels added: SANDBOX" in row
    assert "Criteria added: N2-PUBLIC-ROADMAP" in row
    assert "Criteria removed: N1-PROCUREMENT" in row
    assert "Criteria changed (to be answered again): N1-DOCUMENTATION" in row
    assert "Guidance or order changed (answers kept): N1-TRAINING-MATERIALS" in row
    assert "The first version." in text(between(html, 'data-testid="version-1"', "</tr>"))
    assert HOLDER_NOTE in html
    assert "start-draft" not in html

    client.force_login(world.tovholder)
    html = client.get(MODELS).content.decode()
    assert text(between(html, 'data-testid="state-3"', "</td>")) == "Draft"
    assert "No changes from version 2 yet." in text(
        between(html, 'data-testid="version-3"', "</tr>")
    )
    assert "open-draft" not in html and HOLDER_NOTE in html

    client.force_login(world.committee)
    html = client.get(MODELS).content.decode()
    assert f'href="{version_url(second)}" data-testid="open-draft"' in html
    assert HOLDER_NOTE not in html


def test_prd02_the_version_page_groups_criteria_by_level_and_theme(
    world: LevelWorld, client: Client
) -> None:
    html = client.get(f"{MODELS}1/").content.decode()
    assert html.count("<h1") == 1
    assert "Level model, version 1" in html
    levels = re.findall(r'<h2 id="level-([A-Z0-9]+)"', html)
    assert levels == ["N1", "N2", "N3"]
    n1 = between(html, 'data-testid="level-N1"', "</section>")
    # Themes as headings under the level, each with its captioned table.
    assert re.findall(r"<h3>([^<]+)</h3>", n1)[:2] == ["Relevance", "Legal matters"]
    assert "<caption>N1: Documentation</caption>" in n1
    row = text(between(n1, 'data-testid="criterion-N1-DOCUMENTATION"', "</tr>"))
    assert "Public documentation exists" in row
    assert "A link to the evidence is required" in row
    structural = text(
        between(html, 'data-testid="criterion-N2-STEERING-GROUP-BOARD-LINK"', "</tr>")
    )
    assert "Computed from the governance data (steering_group_with_board_member)" in structural
    # Nobody may change a published version; the visitor sees who changes the model.
    assert 'data-testid="draft-actions"' not in html and "edit-N1" not in html
    assert HOLDER_NOTE in html
    assert client.get(f"{MODELS}7/").status_code == 404


@pytest.mark.parametrize("who", ["committee", "tovholder", "secretariat", "anonymous"])
def test_prd02_who_sees_the_draft_and_its_actions(
    world: LevelWorld, client: Client, who: str
) -> None:
    model = draft(world)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    draft_page = client.get(version_url(model))
    published_page = client.get(f"{MODELS}1/")
    assert published_page.status_code == 200
    assert 'data-testid="draft-actions"' not in published_page.content.decode()
    if who == "anonymous":
        assert draft_page.status_code == 404
        return
    assert draft_page.status_code == 200
    html = draft_page.content.decode()
    assert 'data-testid="draft-notice"' in html
    if who == "committee":
        assert 'data-testid="draft-actions"' in html
        assert f'href="{version_url(model, "kriterier/N1-DOCUMENTATION/")}"' in html
        assert HOLDER_NOTE not in html
    else:
        assert 'data-testid="draft-actions"' not in html
        assert "kriterier/N1-DOCUMENTATION/" not in html
        assert HOLDER_NOTE in html


@pytest.mark.parametrize("who", ["committee", "tovholder", "secretariat", "anonymous"])
@pytest.mark.parametrize("state", ["draft", "published"])
def test_prd02_the_criterion_form_matrix(
    world: LevelWorld, client: Client, who: str, state: str
) -> None:
    model = draft(world) if state == "draft" else LevelModel.objects.get(version=1)
    url = version_url(model, "kriterier/N1-DOCUMENTATION/")
    if who != "anonymous":
        client.force_login(getattr(world, who))
    page = client.get(url)
    before = Criterion.objects.get(model=model, key="N1-DOCUMENTATION").text_en
    events = AuditEvent.objects.count()
    posted = client.post(url, criterion_post(key=None, text_en="Changed by the form."))
    if who == "anonymous":
        assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
        assert posted.status_code == 302
    elif who != "committee":
        for response in (page, posted):
            assert response.status_code == 403
            assert COMMITTEE_ONLY in unescape(response.content.decode())
            assert 'data-testid="criterion-form"' not in response.content.decode()
    elif state == "published":
        for response in (page, posted):
            assert response.status_code == 409
            assert (
                "Version 1 is published and is never edited: start a new draft version instead."
                in response.content.decode()
            )
            assert 'data-testid="criterion-form"' not in response.content.decode()
    else:
        assert page.status_code == 200
        assert 'data-testid="criterion-form"' in page.content.decode()
        # The form was posted without the version it was loaded at: refused as stale.
        assert posted.status_code == 400
    assert Criterion.objects.get(model=model, key="N1-DOCUMENTATION").text_en == before
    assert AuditEvent.objects.count() == events


# --- Editing a draft ------------------------------------------------------------------------------


def test_prd02_the_committee_starts_a_draft_through_the_page(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.committee)
    list_html = client.get(MODELS).content.decode()
    assert f'href="{MODELS}ny/" data-testid="start-draft"' in list_html
    assert client.get(f"{MODELS}ny/").status_code == 200
    missing = client.post(f"{MODELS}ny/", {"effective_on": "", "notes": "x"})
    assert missing.status_code == 400
    assert 'data-testid="error-effective_on"' in missing.content.decode()
    response = client.post(
        f"{MODELS}ny/", {"effective_on": "2030-01-01", "notes": "Skærpede krav."}
    )
    assert response.status_code == 302
    model = LevelModel.objects.get(published_at__isnull=True)
    assert response["Location"] == version_url(model)
    assert (model.version, model.effective_on, model.notes) == (
        2,
        datetime.date(2030, 1, 1),
        "Skærpede krav.",
    )
    assert model.criteria.count() == Criterion.objects.filter(model__version=1).count()
    assert AuditEvent.objects.filter(action="level_model.draft").count() == 1
    again = client.get(f"{MODELS}ny/").content.decode()
    assert "Version 2 is already a draft: finish or publish it first." in again
    assert 'data-testid="draft-form"' not in again


def test_prd02_a_refused_draft_names_the_holder_and_writes_nothing(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.secretariat)
    page = client.get(f"{MODELS}ny/")
    assert page.status_code == 403
    assert COMMITTEE_ONLY in page.content.decode()
    refused = client.post(f"{MODELS}ny/", {"effective_on": "2030-01-01"})
    assert refused.status_code == 403
    assert COMMITTEE_ONLY in refused.content.decode()
    assert LevelModel.objects.count() == 1


def test_prd02_the_committee_adds_changes_and_removes_a_criterion(
    world: LevelWorld, client: Client
) -> None:
    model = draft(world)
    client.force_login(world.committee)
    add = version_url(model, "kriterier/ny/")
    form = client.get(add).content.decode()
    assert 'name="key"' in form and 'class="form-checkbox"' in form
    response = client.post(add, criterion_post())
    assert response.status_code == 302
    assert response["Location"] == version_url(model) + "#criterion-N2-PUBLIC-ROADMAP"
    created = Criterion.objects.select_related("level").get(model=model, key="N2-PUBLIC-ROADMAP")
    assert (created.level.code, created.theme, created.order, created.obligation) == (
        "N2",
        "documentation",
        7,
        "recommended",
    )
    assert (created.url_required, created.justification_required) == (True, True)
    assert created.not_applicable_allowed is False
    assert created.guidance_en == "Link to the roadmap."
    page = client.get(version_url(model)).content.decode()
    assert "Criterion N2-PUBLIC-ROADMAP of version 2 was saved." in page
    assert 'data-testid="criterion-N2-PUBLIC-ROADMAP"' in page
    assert "Criteria added: N2-PUBLIC-ROADMAP" in text(page)

    # Every field can be changed; the key stays.
    edit = version_url(model, "kriterier/N2-PUBLIC-ROADMAP/")
    form = client.get(edit).content.decode()
    assert 'name="key"' not in form
    loaded = criterion_edit_version(created)
    assert f'value="{loaded}"' in form
    response = client.post(
        edit,
        criterion_post(
            key=None,
            level_code="N3",
            theme="evaluation",
            obligation="required",
            kind="structural",
            rule="evaluated_within_a_year",
            url_required=None,
            justification_required=None,
            not_applicable_allowed="on",
            text_en="A yearly roadmap review.",
            loaded_version=loaded,
        ),
    )
    assert response.status_code == 302
    changed = Criterion.objects.select_related("level").get(pk=created.pk)
    assert (changed.level.code, changed.kind, changed.rule) == (
        "N3",
        "structural",
        "evaluated_within_a_year",
    )
    assert (changed.url_required, changed.not_applicable_allowed) == (False, True)

    remove = version_url(model, "kriterier/N2-PUBLIC-ROADMAP/fjern/")
    assert 'data-testid="remove-form"' in client.get(remove).content.decode()
    response = client.post(remove, {"loaded_version": criterion_edit_version(changed)})
    assert response.status_code == 302
    assert not Criterion.objects.filter(model=model, key="N2-PUBLIC-ROADMAP").exists()
    assert AuditEvent.objects.filter(action="level_model.criterion_remove").count() == 1


def test_prd02_the_criterion_form_names_the_wrong_fields(world: LevelWorld, client: Client) -> None:
    model = draft(world)
    client.force_login(world.committee)
    add = version_url(model, "kriterier/ny/")
    response = client.post(
        add, criterion_post(key="n2 dårlig", kind="structural", rule="", text_da="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-text_da"' in html
    assert "Write the criterion in Danish." in html
    # The service's rules, next to their fields.
    response = client.post(add, criterion_post(key="n2 dårlig", kind="structural", rule=""))
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "A key is written in capitals, digits and hyphens" in text(
        between(html, 'data-testid="error-key"', "</span></div>")
    )
    assert 'data-testid="error-rule"' in html
    assert 'aria-invalid="true"' in html
    response = client.post(add, criterion_post(rule="evaluated_within_a_year"))
    assert "Only a computed criterion has a rule." in response.content.decode()
    # A key the draft has already.
    response = client.post(add, criterion_post(key="N1-DOCUMENTATION"))
    assert response.status_code == 400
    assert "Version 2 already has a criterion N1-DOCUMENTATION." in response.content.decode()
    assert not Criterion.objects.filter(model=model, key="N2-PUBLIC-ROADMAP").exists()


def test_prd02_a_stale_criterion_edit_is_refused(world: LevelWorld, client: Client) -> None:
    model = draft(world)
    client.force_login(world.committee)
    url = version_url(model, "kriterier/N1-DOCUMENTATION/")
    criterion = Criterion.objects.get(model=model, key="N1-DOCUMENTATION")
    loaded = criterion_edit_version(criterion)
    assert f'value="{loaded}"' in client.get(url).content.decode()
    services.criterion_save(
        actor=world.committee,
        model=model,
        key="N1-DOCUMENTATION",
        data={"text_en": "Someone else's wording."},
    )
    response = client.post(
        url,
        criterion_post(
            key=None,
            level_code="N1",
            theme="documentation",
            text_en="My wording.",
            loaded_version=loaded,
        ),
    )
    assert response.status_code == 400
    assert (
        "Someone else changed the criterion N1-DOCUMENTATION after you opened it. Reload it to "
        "see their change, then make yours again."
    ) in unescape(response.content.decode())
    criterion.refresh_from_db()
    assert criterion.text_en == "Someone else's wording."
    # Removing from a stale page is refused too.
    refused = client.post(
        version_url(model, "kriterier/N1-DOCUMENTATION/fjern/"), {"loaded_version": loaded}
    )
    assert refused.status_code == 400
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_prd02_the_committee_adds_a_sandbox_level_renames_and_reorders(
    world: LevelWorld, client: Client
) -> None:
    model = draft(world)
    client.force_login(world.committee)
    add = version_url(model, "niveauer/ny/")
    taken = client.post(
        add,
        {
            "code": "SANDBOX",
            "order": "1",
            "name_da": "Sandkasse",
            "name_en": "Sandbox",
            "loaded_version": "",
        },
    )
    assert taken.status_code == 400
    assert "Another level has this place in the order." in text(
        between(taken.content.decode(), 'data-testid="error-order"', "</span></div>")
    )
    response = client.post(
        add,
        {
            "code": "SANDBOX",
            "order": "0",
            "name_da": "Sandkasse",
            "name_en": "Sandbox",
            "description_en": "Trying it out.",
            "loaded_version": "",
        },
    )
    assert response.status_code == 302
    html = client.get(version_url(model)).content.decode()
    assert re.findall(r'<h2 id="level-([A-Z0-9]+)"', html) == ["SANDBOX", "N1", "N2", "N3"]
    assert "Levels added: SANDBOX" in text(html)
    # Rename N1 and move it to a free place in the order.
    n1 = model.levels.get(code="N1")
    edit = version_url(model, "niveauer/N1/")
    assert 'name="code"' not in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "order": "5",
            "name_da": n1.name_da,
            "name_en": "Take it as it stands",
            "description_da": n1.description_da,
            "description_en": n1.description_en,
            "loaded_version": level_edit_version(n1),
        },
    )
    assert response.status_code == 302
    html = client.get(version_url(model)).content.decode()
    assert re.findall(r'<h2 id="level-([A-Z0-9]+)"', html) == ["SANDBOX", "N2", "N3", "N1"]
    assert "N1 – Take it as it stands" in html
    assert "Levels renamed or moved: N1" in text(html)
    # The same form again is stale now.
    stale = client.post(
        edit,
        {
            "order": "6",
            "name_da": n1.name_da,
            "name_en": "Other",
            "loaded_version": level_edit_version(n1),
        },
    )
    assert stale.status_code == 400
    assert "Someone else changed the level N1 after you opened it." in unescape(
        stale.content.decode()
    )


def test_prd02_publishing_makes_the_draft_current_and_carries_answers_over(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1")
    model = draft(world, notes="Ny version.")
    services.criterion_save(
        actor=world.committee,
        model=model,
        key="N1-DOCUMENTATION",
        data={"text_en": "Public documentation exists, also for operation."},
    )
    client.force_login(world.committee)
    url = version_url(model, "offentliggoer/")
    page = client.get(url).content.decode()
    assert 'data-testid="publish-form"' in page
    assert "Criteria changed (to be answered again): N1-DOCUMENTATION" in text(page)
    missing = client.post(
        url, {"decided_on": TODAY.isoformat(), "method": "meeting", "meeting_reference": ""}
    )
    assert missing.status_code == 400
    assert 'data-testid="error-meeting_reference"' in missing.content.decode()
    future = client.post(
        url,
        {
            "decided_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "method": "in_writing",
        },
    )
    assert "A decision cannot be recorded before it is taken." in future.content.decode()
    response = client.post(
        url,
        {
            "decided_on": TODAY.isoformat(),
            "method": "meeting",
            "meeting_reference": "Forretningsudvalgets møde, punkt 4",
        },
    )
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.is_current and not model.is_draft
    assert model.adopted_by is not None
    assert model.adopted_by.meeting_reference == "Forretningsudvalgets møde, punkt 4"
    assert LevelModel.objects.get(version=1).is_current is False
    carried = Answer.objects.filter(criterion__model=model, product=world.product)
    assert carried.count() == 6
    html = client.get(version_url(model)).content.decode()
    assert "Version 2 is now the current level model." in html
    assert text(between(html, 'data-testid="model-state"', "</td>")) == "Current"
    assert "adopted by" in text(between(html, "Published</th>", "</tr>"))
    # Publishing again is a conflict, shown as such.
    again = client.post(url, {"decided_on": TODAY.isoformat(), "method": "in_writing"})
    assert again.status_code == 409
    assert "Version 2 is published and is never edited" in again.content.decode()


def test_prd02_publishing_settles_the_effective_date_and_notes(
    world: LevelWorld, client: Client
) -> None:
    model = draft(world, notes="Udkast.")
    client.force_login(world.committee)
    url = version_url(model, "offentliggoer/")
    form = client.get(url).content.decode()
    assert model.effective_on.isoformat() in form and "Udkast." in form
    later = TODAY + datetime.timedelta(days=30)
    too_early = client.post(
        url,
        {
            "decided_on": TODAY.isoformat(),
            "method": "in_writing",
            "effective_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert too_early.status_code == 400
    assert "cannot take effect before the day it is decided" in too_early.content.decode()
    model.refresh_from_db()
    assert model.is_draft
    response = client.post(
        url,
        {
            "decided_on": TODAY.isoformat(),
            "method": "in_writing",
            "effective_on": later.isoformat(),
            "notes": "  Dokumentationskravet er skærpet.  ",
        },
    )
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.is_current
    assert model.effective_on == later
    assert model.notes == "Dokumentationskravet er skærpet."


def test_prd02_a_refused_publish_names_the_holder(world: LevelWorld, client: Client) -> None:
    model = draft(world)
    client.force_login(world.board_a)
    response = client.post(
        version_url(model, "offentliggoer/"),
        {"decided_on": TODAY.isoformat(), "method": "in_writing"},
    )
    assert response.status_code == 403
    assert COMMITTEE_ONLY in response.content.decode()
    model.refresh_from_db()
    assert model.is_draft


# --- Compliance against an earlier version -------------------------------------------------


def _publish_changed_documentation(world: LevelWorld) -> LevelModel:
    model = draft(world)
    services.criterion_save(
        actor=world.committee,
        model=model,
        key="N1-DOCUMENTATION",
        data={"text_en": "Public documentation exists, also for operation."},
    )
    return services.level_model_publish(actor=world.committee, model=model)


def test_prd02_compliance_can_be_shown_against_an_earlier_version(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1")
    _publish_changed_documentation(world)
    client.force_login(world.tovholder)
    current = client.get(COMPLIANCE).content.decode()
    assert 'data-testid="earlier-version"' not in current
    assert "Version 2, in force from" in text(
        between(current, 'data-testid="model-version"', "</td>")
    )
    assert f'href="{MODELS}2/"' in current
    assert f'href="{COMPLIANCE}?version=1"' in current
    # Under version 2 the changed criterion is not answered yet; under version 1 it was.
    assert 'data-testid="missing-N1"' in current
    assert 'data-testid="answer-link-N1-DOCUMENTATION"' in current

    earlier = client.get(COMPLIANCE, {"version": "1"})
    assert earlier.status_code == 200
    html = earlier.content.decode()
    notice = text(between(html, 'data-testid="earlier-version"', "</div>\n</div>"))
    assert "Shown against version 1 of the level model, which is no longer in force" in notice
    assert "Show the current version (2)" in notice
    assert "Level held under version 1" in html
    assert text(between(html, 'data-testid="held-level"', "</td>")) == "N1 – Take it as it is"
    assert "Earlier version" in text(between(html, 'data-testid="model-version"', "</td>"))
    assert f'href="{MODELS}1/"' in html
    assert 'data-testid="missing-N1"' not in html
    assert f'href="{COMPLIANCE}" data-testid="version-link-2"' in html
    # Answers go to the current version only.
    assert "answer-link-" not in html

    assert client.get(COMPLIANCE, {"version": "2"}).content.decode().count("earlier-version") == 0
    assert client.get(COMPLIANCE, {"version": "9"}).status_code == 404
    assert client.get(COMPLIANCE, {"version": "zwei"}).status_code == 404
    assert client.get(COMPLIANCE, {"version": "²"}).status_code == 404
    later = draft(world)
    assert client.get(COMPLIANCE, {"version": str(later.version)}).status_code == 404


def test_the_secretariat_overview_links_the_level_model(world: LevelWorld, client: Client) -> None:
    client.force_login(world.secretariat)
    html = client.get("/produkter/niveauer/").content.decode()
    assert f'href="{MODELS}" data-testid="model-list-link"' in html


# --- Query counts ---------------------------------------------------------------------------------


def _add_criteria(world: LevelWorld, model: LevelModel, count: int, prefix: str) -> None:
    for number in range(count):
        services.criterion_save(
            actor=world.committee,
            model=model,
            key=f"N2-{prefix}-{number}",
            data={
                "level_code": "N2" if number % 2 else "N3",
                "theme": "code" if number % 3 else "use",
                "text_da": f"Kriterium {number}.",
                "text_en": f"Criterion {number}.",
            },
        )


def _new_version(world: LevelWorld, criteria: int, prefix: str) -> LevelModel:
    model = draft(world)
    _add_criteria(world, model, criteria, prefix)
    return services.level_model_publish(actor=world.committee, model=model)


@pytest.mark.parametrize("user", ["committee", "anonymous"])
def test_the_model_pages_query_counts_do_not_grow_with_versions_or_criteria(
    world: LevelWorld, client: Client, user: str
) -> None:
    if user != "anonymous":
        client.force_login(getattr(world, user))
    answer_met(world, world.manual_criteria("N1")[0])
    _new_version(world, 1, "A")
    urls = [MODELS, f"{MODELS}2/", f"{MODELS}1/", COMPLIANCE, f"{COMPLIANCE}?version=1"]
    few = [page_queries(client, url) for url in urls]
    for letter in "BCD":
        _new_version(world, 4, letter)
    latest = LevelModel.objects.get(is_current=True)
    _add_criteria(world, draft(world), 6, "E")
    # The newest version has many more criteria than version 2 had.
    many_urls = [MODELS, f"{MODELS}{latest.version}/", f"{MODELS}1/", COMPLIANCE]
    many_urls.append(f"{COMPLIANCE}?version=1")
    many = [page_queries(client, url) for url in many_urls]
    assert many == few
