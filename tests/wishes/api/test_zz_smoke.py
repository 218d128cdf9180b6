import json
import pytest
from tests.wishes.world import make_wish
from tests.api.conftest import bearer
from os2gov.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

def test_smoke(world, client):
    w = make_wish(world, supported_by=(world.nordby,))
    r = client.get("/api/v1/wishes", {"product": "os2alfa", "state": ["submitted", "under_review"]})
    print(r.status_code, r.json())
    r = client.get(f"/api/v1/wishes/{w.pk}")
    print(r.status_code, json.dumps(r.json(), indent=1)[:3000])
    _t, token = api_token_create(actor=world["coordination_group_member"], name="t")
    r = client.post(f"/api/v1/wishes/{w.pk}/start", "{}", content_type="application/json", **bearer(token))
    print(r.status_code, r.json())
    r = client.post(f"/api/v1/wishes/{w.pk}/review", "{}", content_type="application/json", **bearer(token))
    print(r.status_code, r.json()["state"], r.json()["actions"])
    r = client.get("/api/v1/economy/products/os2alfa/2026")
    print(r.status_code, r.json())
    r = client.get("/api/v1/openapi.json")
    print(r.status_code)
