"""The admin: governed data is read-only there; the bodies' texts are edited and audited."""

from __future__ import annotations

import pytest
from django.test import Client

from os2gov.accounts.models import User
from os2gov.core.models import AuditEvent
from os2gov.governance.models import Body, BodyKind, Decision
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


def test_a_bodys_purpose_is_edited_in_the_admin_and_audited(admin_client: Client) -> None:
    board = Body.objects.get(kind=BodyKind.BOARD)
    response = admin_client.post(
        f"/admin/governance/body/{board.pk}/change/",
        {
            "name": board.name,
            "purpose": "Ny formulering af formålet. Den er kort.",
            "position": board.position,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    board.refresh_from_db()
    assert board.purpose == "Ny formulering af formålet. Den er kort."
    event = AuditEvent.objects.get(action="body.update")
    assert list(event.changes) == ["purpose"]
    assert admin_client.get("/admin/governance/body/add/").status_code == 403
