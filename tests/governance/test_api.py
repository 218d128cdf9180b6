"""/api/v1/bodies, /groups and /decisions: public reads, writes through the services."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create
from os2gov.core.models import AuditEvent
from os2gov.governance import services
from os2gov.governance.models import BodyKind, Decision, GroupMembership, GroupRole
from tests.governance import factories as f
from tests.governance.conftest import Scene

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def bearer(user: User) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def post(client: Client, url: str, data: dict[str, Any], user: User) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **bearer(user))


def counts() -> tuple[int, int, int]:
    # Creating the test's API token is audited too; that is not the change under test.
    governed_events = AuditEvent.objects.exclude(action__startswith="api_token.")
    return (GroupMembership.objects.count(), Decision.objects.count(), governed_events.count())


# --- Reading ------------------------------------------------------------------------------


def test_bodies_are_public_with_their_members(client: Client, scene: Scene) -> None:
    body = client.get("/api/v1/bodies").json()
    assert [b["slug"] for b in body] == [
        "generalforsamling",
        "bestyrelse",
        "forretningsudvalg",
        "sekretariat",
        "koordinationsudvalg",
    ]
    secretariat = client.get("/api/v1/bodies/sekretariat").json()
    assert secretariat["purpose"]
    assert [m["name"] for m in secretariat["members"]] == ["Sofie Sekretariat"]
    assert secretariat["past_members"] == []
    assert client.get("/api/v1/bodies/no-such-body").status_code == 404


def test_groups_of_a_product_and_one_group_with_its_contact(client: Client, scene: Scene) -> None:
    listed = client.get("/api/v1/groups", {"product": scene.product.slug}).json()
    assert {g["kind"] for g in listed["items"]} == {"coordination", "steering"}
    detail = client.get(f"/api/v1/groups/{scene.coordination.pk}").json()
    assert {m["name"] for m in detail["members"]} == {"Tove Tovholder", "Mads Medlem"}
    assert detail["contact"] == {
        "name": "Tove Tovholder",
        "role": "tovholder",
        "organisation_name": "Brugerby Kommune",
        "email": scene.tovholder.email,
    }
    assert client.get(f"/api/v1/groups/{scene.steering.pk}").json()["contact"] is None
    memberships = client.get(f"/api/v1/groups/{scene.coordination.pk}/memberships").json()
    assert memberships["count"] == 2
    assert "email" not in memberships["items"][0]


def test_decisions_filter_by_product_body_and_group(client: Client, scene: Scene) -> None:
    services.membership_add(
        actor=scene.tovholder,
        group=scene.coordination,
        person=scene.newcomer,
        role=GroupRole.MEMBER,
        starts_on=TODAY,
    )
    f.body_member(BodyKind.BOARD, scene.member)
    by_product = client.get("/api/v1/decisions", {"product": scene.product.slug}).json()
    assert by_product["count"] == 1
    decision = by_product["items"][0]
    assert decision["group"] == scene.coordination.pk
    assert decision["action"] == "membership.coordination.manage"
    assert "Nina Nybegynder" in decision["subjects"][0]
    by_group = client.get("/api/v1/decisions", {"group": scene.coordination.pk}).json()
    assert by_group["count"] == 1
    by_body = client.get("/api/v1/decisions", {"body": "bestyrelse"}).json()
    assert by_body["count"] == 0


# --- Writing ------------------------------------------------------------------------------


def membership_payload(scene: Scene, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "person": scene.newcomer.pk,
        "role": "member",
        "starts_on": TODAY.isoformat(),
    }
    payload.update(overrides)
    return payload


def test_adding_a_member_answers_201(client: Client, scene: Scene) -> None:
    response = post(
        client,
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        membership_payload(scene),
        scene.secretariat,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Nina Nybegynder"
    assert body["organisation"] == scene.user_municipality.slug
    assert Decision.objects.get().action == "membership.coordination.manage"


def test_acc01_a_member_without_the_mandate_gets_403_naming_the_holder(
    client: Client, scene: Scene
) -> None:
    before = counts()
    response = post(
        client,
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        membership_payload(scene),
        scene.member,
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "tovholder of OS2testprodukt" in detail
    assert "the secretariat" in detail
    assert counts() == before


def test_without_credentials_the_write_answers_401(client: Client, scene: Scene) -> None:
    response = client.post(
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        json.dumps(membership_payload(scene)),
        content_type="application/json",
    )
    assert response.status_code == 401


def test_an_end_before_the_start_answers_422_naming_ends_on(client: Client, scene: Scene) -> None:
    response = post(
        client,
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        membership_payload(scene, ends_on=(TODAY - datetime.timedelta(days=1)).isoformat()),
        scene.secretariat,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["ends_on"]


def test_grp02_a_non_user_municipality_answers_422_naming_organisation(
    client: Client, scene: Scene
) -> None:
    before = counts()
    response = post(
        client,
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        membership_payload(scene, person=scene.outsider.pk),
        scene.secretariat,
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "organisation"
    assert "does not use OS2testprodukt" in error["message"]
    assert counts() == before


def test_grp07_a_second_tovholder_answers_422_naming_role(client: Client, scene: Scene) -> None:
    response = post(
        client,
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        membership_payload(scene, role="tovholder"),
        scene.secretariat,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["role"]


def test_unknown_person_or_role_answers_422(client: Client, scene: Scene) -> None:
    url = f"/api/v1/groups/{scene.coordination.pk}/memberships"
    response = post(client, url, membership_payload(scene, person=999999), scene.secretariat)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "person"
    response = post(client, url, membership_payload(scene, role="king"), scene.secretariat)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"


def test_ending_a_membership(client: Client, scene: Scene) -> None:
    membership = scene.coordination.memberships.get(person=scene.member)
    url = f"/api/v1/groups/{scene.coordination.pk}/memberships/{membership.pk}/end"
    response = post(client, url, {"ends_on": TODAY.isoformat()}, scene.tovholder)
    assert response.status_code == 200
    assert response.json()["ends_on"] == TODAY.isoformat()
    response = post(client, url, {"ends_on": TODAY.isoformat()}, scene.tovholder)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "ends_on"


def patch(client: Client, scene: Scene, data: dict[str, Any], user: User) -> Any:
    return client.patch(
        f"/api/v1/groups/{scene.coordination.pk}/settings",
        json.dumps(data),
        content_type="application/json",
        **bearer(user),
    )


def test_settings_change_only_what_is_sent_and_a_stale_edit_answers_409(
    client: Client, scene: Scene
) -> None:
    loaded = client.get(f"/api/v1/groups/{scene.coordination.pk}").json()["updated_at"]
    response = patch(
        client,
        scene,
        {"expected_updated_at": loaded, "focus": "development", "min_meetings_per_year": 4},
        scene.member,
    )
    assert response.status_code == 200
    assert response.json()["focus"] == "development"
    assert response.json()["run_by"] == ""
    response = patch(client, scene, {"expected_updated_at": loaded, "focus": None}, scene.member)
    assert response.status_code == 409
    assert "Someone else changed" in response.json()["detail"]
    scene.coordination.refresh_from_db()
    assert scene.coordination.focus == "development"


def test_settings_rules_answer_422_and_a_missing_mandate_403(client: Client, scene: Scene) -> None:
    loaded = client.get(f"/api/v1/groups/{scene.coordination.pk}").json()["updated_at"]
    response = patch(
        client, scene, {"expected_updated_at": loaded, "working_basis": "Tekst"}, scene.member
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "working_basis"
    response = patch(
        client, scene, {"expected_updated_at": loaded, "focus": "development"}, scene.outsider
    )
    assert response.status_code == 403
    assert "Koordinationsgruppe" in response.json()["detail"]


# --- Query counts -------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_counts_do_not_grow_with_rows(client: Client, scene: Scene) -> None:
    def grow(n: int) -> None:
        for _i in range(n):
            who = f.person(scene.user_municipality)
            f.body_member(BodyKind.BOARD, who)
            services.membership_add(
                actor=scene.secretariat,
                group=scene.coordination,
                person=who,
                role=GroupRole.MEMBER,
                starts_on=TODAY,
            )

    urls = [
        "/api/v1/bodies",
        "/api/v1/bodies/bestyrelse",
        "/api/v1/groups",
        f"/api/v1/groups/{scene.coordination.pk}",
        f"/api/v1/groups/{scene.coordination.pk}/memberships",
        f"/api/v1/decisions?product={scene.product.slug}",
        f"/api/v1/decisions?group={scene.coordination.pk}",
    ]
    grow(2)
    few = [_queries(client, url) for url in urls]
    grow(10)
    assert [_queries(client, url) for url in urls] == few
