"""The admin: governed data is read-only there; the bodies' texts are edited and audited."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from os2gov.accounts.models import User
from os2gov.core.models import AuditEvent
from os2gov.governance.models import Body, BodyKind, BodyPosition, Decision
from tests.governance import factories as f
from tests.governance.conftest import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser(email="drift@example.org", password="x"))
    return client


def test_governed_data_is_read_only_in_the_admin(admin_client: Client, scene: Scene) -> None:
    for model in ("group", "groupmembership", "decision"):
        assert admin_client.get(f"/admin/governance/{model}/").status_code == 200
        assert admin_client.get(f"/admin/governance/{model}/add/").status_code == 403
    group_page = admin_client.get(f"/admin/governance/group/{scene.coordination.pk}/change/")
    assert group_page.status_code == 200
    assert "Tove Tovholder" in group_page.content.decode()
    assert 'name="name"' not in group_page.content.decode()  # nothing to edit
    response = admin_client.post(
        f"/admin/governance/group/{scene.coordination.pk}/change/", {"name": "Andet navn"}
    )
    assert response.status_code == 403
    scene.coordination.refresh_from_db()
    assert scene.coordination.name == "Koordinationsgruppe"
    assert Decision.objects.count() == 0


def body_form(body: Body, purpose: str) -> dict[str, object]:
    return {
        "name": body.name,
        "purpose": purpose,
        "position": body.position,
        "loaded_version": body.updated_at.isoformat(),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "0",
    }


def test_acc01_a_bodys_purpose_is_edited_in_the_admin_under_the_secretariats_mandate(
    client: Client,
) -> None:
    secretary = f.person(f.association(), "Sune Sekretariat", is_staff=True, is_superuser=True)
    f.body_member(BodyKind.SECRETARIAT, secretary, BodyPosition.STAFF)
    client.force_login(secretary)
    board = Body.objects.get(kind=BodyKind.BOARD)
    response = client.post(
        f"/admin/governance/body/{board.pk}/change/",
        body_form(board, "Ny formulering af formålet. Den er kort."),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    board.refresh_from_db()
    assert board.purpose == "Ny formulering af formålet. Den er kort."
    event = AuditEvent.objects.get(action="body.update")
    assert list(event.changes) == ["purpose"]
    decision = Decision.objects.get(action="body.update")
    assert decision.body is not None and decision.body.kind == BodyKind.SECRETARIAT
    assert client.get("/admin/governance/body/add/").status_code == 403


def test_acc01_a_superuser_without_a_mandate_cannot_edit_a_body(admin_client: Client) -> None:
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    board = Body.objects.get(kind=BodyKind.BOARD)
    before = board.purpose
    response = admin_client.post(
        f"/admin/governance/body/{board.pk}/change/",
        body_form(board, "Et formål skrevet uden mandat."),
        follow=True,
    )
    board.refresh_from_db()
    assert board.purpose == before
    assert not AuditEvent.objects.filter(action="body.update").exists()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Only the secretariat can do this. Nothing was saved."]
