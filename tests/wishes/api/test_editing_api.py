"""/api/v1/wishes: editing a wish (PATCH, 409 on a stale version), a product's priority
weights (GET, PUT) and a wish's attachments (list, multipart upload, remove), through the
same services as the pages and with the API's error contract."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create
from os2gov.core.models import AuditEvent
from os2gov.wishes import services
from os2gov.wishes.models import PriorityWeights, Wish, WishAttachment, WishEvent, WishState
from os2gov.wishes.services.attachments import MAX_ATTACHMENT_SIZE, wish_attachment_add
from tests.authority.conftest import english_client
from tests.wishes.world import WishWorld, make_wish

pytestmark = pytest.mark.django_db

API = "/api/v1/wishes"
WEIGHTS = f"{API}/priority-weights/os2alfa"
PDF = b"%PDF-1.4\n% Et fiktivt notat\n"
GROUP_ONLY = "Only the public-authority members of the coordination group of OS2alfa"


@pytest.fixture
def client() -> Client:
    return english_client()


def bearer(user: User) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def send(client: Client, method: str, url: str, data: dict[str, Any], user: User | None) -> Any:
    headers = bearer(user) if user is not None else {}
    return getattr(client, method)(
        url, json.dumps(data), content_type="application/json", **headers
    )


def fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def weights(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "support": 1,
        "benefit": 1,
        "cost": 1,
        "strategic_fit": 1,
        "urgency": 1,
        "cost_reference": "0.00",
    }
    data.update(values)
    return data


# --- PATCH a wish --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("municipality_user", 200),  # the submitter
        ("coordination_group_member", 200),
        ("nordby_user", 403),
        ("supplier_representative", 403),
        ("anonymous", 401),
    ],
)
def test_who_may_patch_a_wish(world: WishWorld, client: Client, role: str, status: int) -> None:
    wish = make_wish(world, title="Eksport")
    user = None if role == "anonymous" else world[role]
    response = send(
        client,
        "patch",
        f"{API}/{wish.pk}",
        {"expected_version": 1, "title": "Eksport til CSV", "category": "improvement"},
        user,
    )
    assert response.status_code == status, response.content
    wish.refresh_from_db()
    if status == 200:
        body = response.json()
        assert body["title"] == "Eksport til CSV" and body["version"] == 2
        assert body["category"] == "improvement"
        assert body["timeline"][-1]["kind"] == "edited"
        assert wish.title == "Eksport til CSV"
    else:
        assert wish.title == "Eksport" and wish.version == 1
        assert not WishEvent.objects.exists()
    if status == 403:
        assert response.json()["detail"].startswith(GROUP_ONLY)


def test_patch_changes_only_the_fields_sent(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, title="Eksport", expected_benefit="Tid.")
    response = send(
        client,
        "patch",
        f"{API}/{wish.pk}",
        {"expected_version": 1, "expected_dkk_per_year": "25000.00"},
        world["municipality_user"],
    )
    assert response.status_code == 200
    wish.refresh_from_db()
    assert wish.title == "Eksport" and wish.expected_benefit == "Tid."
    assert str(wish.expected_dkk_per_year) == "25000.00"
    # The GET of the same path is still the main router's.
    assert client.get(f"{API}/{wish.pk}").json()["expected_dkk_per_year"] == "25000.00"


def test_a_stale_patch_answers_409_and_changes_nothing(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, title="Eksport")
    services.wish_update(
        wish=wish, actor=world["coordination_group_member"], expected_version=1, title="Ny"
    )
    response = send(
        client,
        "patch",
        f"{API}/{wish.pk}",
        {"expected_version": 1, "title": "Min titel"},
        world["municipality_user"],
    )
    assert response.status_code == 409
    assert fields(response) == {"expected_version"}
    assert "Someone changed this wish after you opened it." in response.json()["detail"]
    wish.refresh_from_db()
    assert wish.title == "Ny" and wish.version == 2


def test_a_bad_patch_answers_422_naming_the_fields(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, title="Eksport")
    user = world["municipality_user"]
    response = send(
        client,
        "patch",
        f"{API}/{wish.pk}",
        {"expected_version": 1, "title": " ", "external_url": "ftp://x"},
        user,
    )
    assert response.status_code == 422
    assert fields(response) == {"title", "external_url"}
    response = send(
        client, "patch", f"{API}/{wish.pk}", {"expected_version": 1, "scope": "x"}, user
    )
    assert response.status_code == 422
    assert fields(response) == {"scope"}
    response = send(client, "patch", f"{API}/{wish.pk}", {"title": "Uden version"}, user)
    assert response.status_code == 422
    assert fields(response) == {"expected_version"}
    wish.refresh_from_db()
    assert wish.title == "Eksport" and wish.version == 1


# --- priority weights (WSH-02) -------------------------------------------------------------


def test_wsh02_the_weights_are_public(world: WishWorld, client: Client) -> None:
    body = client.get(WEIGHTS).json()
    assert body == {
        "product": "os2alfa",
        "support": 1,
        "benefit": 1,
        "cost": 1,
        "strategic_fit": 1,
        "urgency": 1,
        "cost_reference": "0.00",
        "version": None,
        "set_by_group": False,
    }
    assert client.get(f"{API}/priority-weights/findes-ikke").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordination_group_member", 200),
        ("supplier_representative", 403),  # GRP-06: may not weigh
        ("municipality_user", 403),
        ("steering_group_member", 403),
        ("anonymous", 401),
    ],
)
def test_grp06_who_may_set_the_weights(
    world: WishWorld, client: Client, role: str, status: int
) -> None:
    user = None if role == "anonymous" else world[role]
    response = send(client, "put", WEIGHTS, weights(benefit=8, cost_reference="200000.00"), user)
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["benefit"] == 8
        assert response.json()["cost_reference"] == "200000.00"
        assert response.json()["version"] == 1
        assert PriorityWeights.objects.get().benefit == 8
    else:
        assert not PriorityWeights.objects.exists()
    if status == 403:
        assert response.json()["detail"].startswith(GROUP_ONLY)


def test_wsh02_put_weights_reranks_the_backlog(world: WishWorld, client: Client) -> None:
    make_wish(
        world,
        state=WishState.UNDER_REVIEW,
        title="Bred",
        benefit_score=1,
        supported_by=(world.municipality, world.nordby, world.sydby, world.ostby),
    )
    make_wish(world, state=WishState.UNDER_REVIEW, title="Nyttig", benefit_score=5)
    services.priority_refresh(world.alfa)
    order = [w["title"] for w in client.get(API, {"product": "os2alfa"}).json()["items"]]
    assert order == ["Bred", "Nyttig"]
    response = send(client, "put", WEIGHTS, weights(benefit=8), world["tovholder"])
    assert response.status_code == 200
    order = [w["title"] for w in client.get(API, {"product": "os2alfa"}).json()["items"]]
    assert order == ["Nyttig", "Bred"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"support": 2.5}, "support"),
        ({"benefit": "3"}, "benefit"),
        ({"cost": -1}, "cost"),
        ({"urgency": 11}, "urgency"),
        ({"strategic_fit": None}, "strategic_fit"),
        ({"cost_reference": "mange"}, "cost_reference"),
    ],
)
def test_a_bad_weight_answers_422_naming_it(
    world: WishWorld, client: Client, values: dict[str, Any], field: str
) -> None:
    response = send(client, "put", WEIGHTS, weights(**values), world["coordination_group_member"])
    assert response.status_code == 422
    assert fields(response) == {field}
    assert not PriorityWeights.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="wish.").exists()


def test_a_stale_put_answers_409(world: WishWorld, client: Client) -> None:
    user = world["coordination_group_member"]
    assert send(client, "put", WEIGHTS, weights(support=2), user).status_code == 200
    response = send(client, "put", WEIGHTS, weights(support=3), user)  # no expected_version
    assert response.status_code == 409
    assert fields(response) == {"expected_version"}
    response = send(client, "put", WEIGHTS, weights(support=3, expected_version=7), user)
    assert response.status_code == 409
    assert PriorityWeights.objects.get().support == 2
    response = send(client, "put", WEIGHTS, weights(support=3, expected_version=1), user)
    assert response.status_code == 200 and response.json()["version"] == 2


# --- attachments ---------------------------------------------------------------------------


def upload(
    client: Client, wish: Wish, user: User | None, name: str = "notat.pdf", content: bytes = PDF
) -> Any:
    headers = bearer(user) if user is not None else {}
    return client.post(
        f"{API}/{wish.pk}/attachments", {"file": SimpleUploadedFile(name, content)}, **headers
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("municipality_user", 201),
        ("coordination_group_member", 201),
        ("nordby_user", 403),
        ("supplier_representative", 403),
        ("anonymous", 401),
    ],
)
def test_who_may_upload(world: WishWorld, client: Client, role: str, status: int) -> None:
    wish = make_wish(world)
    response = upload(client, wish, None if role == "anonymous" else world[role])
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert body["name"] == "notat.pdf" and body["size"] == len(PDF)
        assert body["content_type"] == "application/pdf"
        download = client.get(body["url"])
        assert b"".join(download.streaming_content) == PDF
    else:
        assert not WishAttachment.objects.exists()
    if status == 403:
        assert response.json()["detail"].startswith(GROUP_ONLY)


def test_an_oversize_file_answers_413_naming_the_field(world: WishWorld, client: Client) -> None:
    wish = make_wish(world)
    response = upload(
        client, wish, world["municipality_user"], content=PDF + b"x" * MAX_ATTACHMENT_SIZE
    )
    assert response.status_code == 413
    assert fields(response) == {"file"}
    assert "at most 10 MB" in response.json()["errors"][0]["message"]
    assert not WishAttachment.objects.exists()
    assert not WishEvent.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("side.html", b"<p>hej</p>"), ("falsk.png", b"Ikke et billede."), ("tom.txt", b"")],
)
def test_a_forbidden_file_answers_422_naming_the_field(
    world: WishWorld, client: Client, name: str, content: bytes
) -> None:
    wish = make_wish(world)
    response = upload(client, wish, world["municipality_user"], name, content)
    assert response.status_code == 422
    assert fields(response) == {"file"}
    assert not WishAttachment.objects.exists()


def test_an_upload_without_a_file_answers_422(world: WishWorld, client: Client) -> None:
    wish = make_wish(world)
    response = client.post(f"{API}/{wish.pk}/attachments", {}, **bearer(world["municipality_user"]))
    assert response.status_code == 422
    assert fields(response) == {"file"}


def test_list_and_remove_attachments(world: WishWorld, client: Client) -> None:
    wish = make_wish(world)
    first = wish_attachment_add(
        wish=wish, actor=world["municipality_user"], file=SimpleUploadedFile("a.pdf", PDF)
    )
    wish_attachment_add(
        wish=wish, actor=world["municipality_user"], file=SimpleUploadedFile("b.txt", b"Tekst.")
    )
    page = client.get(f"{API}/{wish.pk}/attachments").json()
    assert [item["name"] for item in page["items"]] == ["a.pdf", "b.txt"]
    url = f"{API}/{wish.pk}/attachments/{first.pk}"
    refused = client.delete(url, **bearer(world["nordby_user"]))
    assert refused.status_code == 403
    response = client.delete(url, **bearer(world["coordination_group_member"]))
    assert response.status_code == 200
    assert response.json()["removed_at"] is not None and response.json()["url"] is None
    page = client.get(f"{API}/{wish.pk}/attachments").json()
    assert [item["name"] for item in page["items"]] == ["b.txt"]
    assert client.delete(url, **bearer(world["coordination_group_member"])).status_code == 404
    assert WishAttachment.objects.count() == 2  # the removed one stays in the trail
    texts = list(WishEvent.objects.filter(wish=wish).values_list("text", flat=True))
    assert "Removed the attachment “a.pdf”." in texts


def test_the_attachment_list_costs_the_same_queries_at_2_and_20(
    world: WishWorld, client: Client
) -> None:
    wish = make_wish(world)

    def add(count: int) -> None:
        for number in range(count):
            wish_attachment_add(
                wish=wish,
                actor=world["municipality_user"],
                file=SimpleUploadedFile(f"bilag-{number}.txt", b"Tekst."),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/{wish.pk}/attachments")
        assert response.status_code == 200
        return len(captured)

    add(2)
    at_2 = queries()
    add(18)
    assert client.get(f"{API}/{wish.pk}/attachments").json()["count"] == 20
    assert queries() == at_2
