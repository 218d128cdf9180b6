"""Editing the level model through the API (PRD-02): drafts, levels, criteria and
publishing through the criteria services — 403 naming the holder, 422 naming the field, 409
on a stale edit or a version published meanwhile."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from os2gov.accounts.models import User
from os2gov.core.models import AuditEvent
from os2gov.levels import services
from os2gov.levels.models import Answer, Criterion, LevelModel
from tests.levels.conftest import TODAY, LevelWorld, satisfy_manual
from tests.levels.helpers import bearer, fields, send_json

pytestmark = pytest.mark.django_db

API = "/api/v1/levels"
COMMITTEE_ONLY = "Only the business committee can do this."
ROADMAP = {
    "level_code": "N2",
    "theme": "documentation",
    "obligation": "recommended",
    "url_required": True,
    "text_da": "Produktet har en offentlig køreplan.",
    "text_en": "The product has a public roadmap.",
    "guidance_en": "Link to the roadmap.",
}


def send(
    client: Client, method: str, url: str, data: Any, user: User | dict[str, str] | None
) -> Any:
    """``user``: who sends it, or the headers of a token made beforehand."""
    return send_json(client, method, url, data, user if isinstance(user, dict) else bearer(user))


def draft(world: LevelWorld) -> LevelModel:
    return services.level_model_draft(
        actor=world.committee, effective_on=TODAY + datetime.timedelta(days=30)
    )


def edit_version(client: Client, world: LevelWorld, version: int, key: str) -> str:
    data = client.get(f"{API}/drafts/{version}", **bearer(world.committee)).json()
    return next(c["edit_version"] for c in data["criteria"] if c["key"] == key)  # type: ignore[no-any-return]


# --- The matrix: who may do what to a draft and to a published version ----------------------


@pytest.mark.parametrize("who", ["committee", "tovholder", "secretariat", "anonymous"])
@pytest.mark.parametrize("state", ["draft", "published"])
def test_prd02_saving_a_criterion_matrix(
    world: LevelWorld, client: Client, who: str, state: str
) -> None:
    model = draft(world) if state == "draft" else LevelModel.objects.get(version=1)
    user = None if who == "anonymous" else getattr(world, who)
    headers = bearer(user)
    events = AuditEvent.objects.count()
    response = send(
        client, "put", f"{API}/drafts/{model.version}/criteria/N2-PUBLIC-ROADMAP", ROADMAP, headers
    )
    created = Criterion.objects.filter(model=model, key="N2-PUBLIC-ROADMAP").exists()
    if who == "anonymous":
        assert response.status_code == 401
    elif who != "committee":
        assert response.status_code == 403
        assert response.json()["detail"] == COMMITTEE_ONLY
    elif state == "published":
        assert response.status_code == 409
        assert fields(response) == {
            "model": "Version 1 is published and is never edited: start a new draft version "
            "instead."
        }
    else:
        assert response.status_code == 200
        body = response.json()
        assert (body["key"], body["level"], body["obligation"]) == (
            "N2-PUBLIC-ROADMAP",
            "N2",
            "recommended",
        )
        assert body["edit_version"]
        assert created
        assert AuditEvent.objects.filter(action="level_model.criterion_save").count() == 1
        return
    assert not created
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["committee", "tovholder", "secretariat", "anonymous"])
@pytest.mark.parametrize("state", ["draft", "published"])
def test_prd02_publishing_matrix(world: LevelWorld, client: Client, who: str, state: str) -> None:
    model = draft(world) if state == "draft" else LevelModel.objects.get(version=1)
    user = None if who == "anonymous" else getattr(world, who)
    response = send(client, "post", f"{API}/drafts/{model.version}/publish", {}, user)
    model.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 401
    elif who != "committee":
        assert response.status_code == 403
        assert response.json()["detail"] == COMMITTEE_ONLY
    elif state == "published":
        assert response.status_code == 409
        assert "Version 1 is published" in fields(response)["model"]
    else:
        assert response.status_code == 200
        assert (response.json()["version"], response.json()["is_current"]) == (2, True)
        assert model.is_current and model.adopted_by is not None
        return
    assert LevelModel.objects.get(is_current=True).version == 1


@pytest.mark.parametrize("who", ["tovholder", "secretariat", "anonymous"])
def test_prd02_others_may_not_start_change_or_remove(
    world: LevelWorld, client: Client, who: str
) -> None:
    model = draft(world)
    user = None if who == "anonymous" else getattr(world, who)
    expected = 401 if user is None else 403
    responses = [
        send(client, "post", f"{API}/drafts", {"effective_on": "2031-01-01"}, user),
        send(
            client,
            "put",
            f"{API}/drafts/{model.version}/levels/SANDBOX",
            {"order": 0, "name_da": "Sandkasse", "name_en": "Sandbox"},
            user,
        ),
        client.delete(f"{API}/drafts/{model.version}/criteria/N1-DOCUMENTATION", **bearer(user)),
    ]
    for response in responses:
        assert response.status_code == expected
        if user is not None:
            assert response.json()["detail"] == COMMITTEE_ONLY
    assert not model.levels.filter(code="SANDBOX").exists()
    assert model.criteria.filter(key="N1-DOCUMENTATION").exists()


# --- Drafts -------------------------------------------------------------------------------------


def test_prd02_the_committee_starts_a_draft_and_reads_it(world: LevelWorld, client: Client) -> None:
    response = send(
        client,
        "post",
        f"{API}/drafts",
        {"effective_on": "2031-01-01", "notes": "Skærpede krav."},
        world.committee,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["based_on"], body["is_current"], body["published_at"]) == (
        2,
        1,
        False,
        None,
    )
    assert [level["code"] for level in body["levels"]] == ["N1", "N2", "N3"]
    assert all(level["edit_version"] for level in body["levels"])
    assert len(body["criteria"]) == Criterion.objects.filter(model__version=1).count()
    assert client.get(f"{API}/drafts/2", **bearer(world.tovholder)).json() == body
    assert client.get(f"{API}/drafts/2").status_code == 401
    assert client.get(f"{API}/drafts/1", **bearer(world.committee)).status_code == 404
    # Only one draft at a time.
    again = send(client, "post", f"{API}/drafts", {"effective_on": "2031-01-01"}, world.committee)
    assert again.status_code == 422
    assert fields(again) == {"model": "Version 2 is already a draft: finish or publish it first."}
    missing = send(client, "post", f"{API}/drafts", {"notes": "x"}, world.committee)
    assert missing.status_code == 422
    assert "effective_on" in fields(missing)


def test_prd02_a_criterion_names_its_wrong_fields(world: LevelWorld, client: Client) -> None:
    model = draft(world)
    url = f"{API}/drafts/{model.version}/criteria"
    response = send(
        client,
        "put",
        f"{url}/N2-PUBLIC-ROADMAP",
        {"level_code": "N7", "theme": "weather", "kind": "structural", "text_en": "x"},
        world.committee,
    )
    assert response.status_code == 422
    errors = fields(response)
    assert set(errors) == {"level_code", "theme", "rule", "text_da"}
    assert errors["level_code"] == "Version 2 has no level N7."
    bad_key = send(client, "put", f"{url}/roadmap", ROADMAP, world.committee)
    assert set(fields(bad_key)) == {"key"}
    negative = send(client, "put", f"{url}/N2-X", {**ROADMAP, "order": -1}, world.committee)
    assert negative.status_code == 422
    assert set(fields(negative)) == {"order"}
    assert not model.criteria.filter(key__in=["N2-PUBLIC-ROADMAP", "N2-X"]).exists()


def test_prd02_a_criterion_is_changed_by_key_and_stale_edits_are_refused(
    world: LevelWorld, client: Client
) -> None:
    model = draft(world)
    url = f"{API}/drafts/{model.version}/criteria/N1-DOCUMENTATION"
    loaded = edit_version(client, world, model.version, "N1-DOCUMENTATION")
    # Without the version it was read at, an existing criterion is not overwritten.
    blind = send(client, "put", url, {"text_en": "Blind."}, world.committee)
    assert blind.status_code == 409
    assert (
        "Version 2 already has a criterion N1-DOCUMENTATION, which you had not loaded."
        in (fields(blind)["expected_edit_version"])
    )
    changed = send(
        client,
        "put",
        url,
        {"text_en": "Documentation, also for operation.", "expected_edit_version": loaded},
        world.committee,
    )
    assert changed.status_code == 200
    assert changed.json()["text_en"] == "Documentation, also for operation."
    assert changed.json()["level"] == "N1"  # the fields not sent keep their value
    assert changed.json()["edit_version"] != loaded
    stale = send(
        client,
        "put",
        url,
        {"text_en": "My wording.", "expected_edit_version": loaded},
        world.committee,
    )
    assert stale.status_code == 409
    assert stale.json()["detail"] == (
        "Someone else changed the criterion N1-DOCUMENTATION after you opened it. Reload it to "
        "see their change, then make yours again."
    )
    assert Criterion.objects.get(model=model, key="N1-DOCUMENTATION").text_en == (
        "Documentation, also for operation."
    )


def test_prd02_removing_a_criterion(world: LevelWorld, client: Client) -> None:
    model = draft(world)
    url = f"{API}/drafts/{model.version}/criteria/N1-DOCUMENTATION"
    headers = bearer(world.committee)
    stale = client.delete(f"{url}?expected_edit_version=old", **headers)
    assert stale.status_code == 409
    assert model.criteria.filter(key="N1-DOCUMENTATION").exists()
    loaded = edit_version(client, world, model.version, "N1-DOCUMENTATION")
    assert client.delete(f"{url}?expected_edit_version={loaded}", **headers).status_code == 204
    assert not model.criteria.filter(key="N1-DOCUMENTATION").exists()
    assert client.delete(url, **headers).status_code == 404
    published = client.delete(f"{API}/drafts/1/criteria/N1-DOCUMENTATION", **headers)
    assert published.status_code == 409
    assert AuditEvent.objects.filter(action="level_model.criterion_remove").count() == 1


def test_prd02_levels_are_added_renamed_and_reordered(world: LevelWorld, client: Client) -> None:
    model = draft(world)
    url = f"{API}/drafts/{model.version}/levels"
    taken = send(
        client,
        "put",
        f"{url}/SANDBOX",
        {"order": 1, "name_da": "Sandkasse", "name_en": "Sandbox"},
        world.committee,
    )
    assert taken.status_code == 422
    assert fields(taken) == {"order": "Another level has this place in the order."}
    sandbox = send(
        client,
        "put",
        f"{url}/SANDBOX",
        {"order": 0, "name_da": "Sandkasse", "name_en": "Sandbox"},
        world.committee,
    )
    assert sandbox.status_code == 200
    assert (sandbox.json()["code"], sandbox.json()["order"]) == ("SANDBOX", 0)
    unnamed = send(client, "put", f"{url}/SANDBOX2", {"order": 9}, world.committee)
    assert fields(unnamed) == {"name": "Name the level in Danish and in English."}
    bad_code = send(
        client,
        "put",
        f"{url}/sandkasse",
        {"order": 9, "name_da": "a", "name_en": "b"},
        world.committee,
    )
    assert set(fields(bad_code)) == {"code"}
    n1 = next(
        level
        for level in client.get(f"{API}/drafts/{model.version}", **bearer(world.committee)).json()[
            "levels"
        ]
        if level["code"] == "N1"
    )
    renamed = send(
        client,
        "put",
        f"{url}/N1",
        {
            "order": 5,
            "name_en": "Take it as it stands",
            "expected_edit_version": n1["edit_version"],
        },
        world.committee,
    )
    assert renamed.status_code == 200
    assert (renamed.json()["order"], renamed.json()["name_en"]) == (5, "Take it as it stands")
    assert list(model.levels.order_by("order").values_list("code", flat=True)) == [
        "SANDBOX",
        "N2",
        "N3",
        "N1",
    ]
    stale = send(
        client,
        "put",
        f"{url}/N1",
        {"order": 6, "expected_edit_version": n1["edit_version"]},
        world.committee,
    )
    assert stale.status_code == 409
    assert "Someone else changed the level N1 after you opened it." in stale.json()["detail"]


def test_prd02_publishing_carries_the_unchanged_answers_over(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1")
    model = draft(world)
    loaded = edit_version(client, world, model.version, "N1-DOCUMENTATION")
    send(
        client,
        "put",
        f"{API}/drafts/{model.version}/criteria/N1-DOCUMENTATION",
        {"text_en": "Documentation, also for operation.", "expected_edit_version": loaded},
        world.committee,
    )
    url = f"{API}/drafts/{model.version}/publish"
    missing = send(client, "post", url, {"method": "meeting"}, world.committee)
    assert missing.status_code == 422
    assert set(fields(missing)) == {"meeting_reference"}
    response = send(
        client,
        "post",
        url,
        {"decided_on": TODAY.isoformat(), "method": "meeting", "meeting_reference": "Møde 3"},
        world.committee,
    )
    assert response.status_code == 200
    assert client.get(f"{API}/models/current").json()["version"] == 2
    carried = Answer.objects.filter(criterion__model=model, product=world.product)
    assert carried.count() == 6
    assert not carried.filter(criterion__key="N1-DOCUMENTATION").exists()
    compliance = client.get(f"{API}/products/os2niveau/compliance").json()
    assert compliance["model_version"] == 2
    assert client.get(f"{API}/drafts/{model.version}", **bearer(world.committee)).status_code == 404


def test_prd02_publishing_through_the_api_settles_the_effective_date_and_notes(
    world: LevelWorld, client: Client
) -> None:
    model = draft(world)
    url = f"{API}/drafts/{model.version}/publish"
    early = send(
        client,
        "post",
        url,
        {"effective_on": (TODAY - datetime.timedelta(days=1)).isoformat()},
        world.committee,
    )
    assert early.status_code == 422
    assert set(fields(early)) == {"effective_on"}
    later = TODAY + datetime.timedelta(days=14)
    response = send(
        client,
        "post",
        url,
        {"effective_on": later.isoformat(), "notes": "Ny tekst om drift."},
        world.committee,
    )
    assert response.status_code == 200
    model.refresh_from_db()
    assert (model.effective_on, model.notes, model.is_current) == (
        later,
        "Ny tekst om drift.",
        True,
    )
