"""Submitting a wish (WSH-01), with the similar wishes shown first (WSH-12): while the
title is typed (htmx asks /lignende/), and without JavaScript on the first submit."""

from __future__ import annotations

from decimal import Decimal

from os2gov.wishes.models import Support, Wish, WishEvent, WishState
from tests.wishes.pages.helpers import client_for, text, wish_url
from tests.wishes.world import WishWorld, make_wish

SUBMIT = "/oensker/os2alfa/nyt/"
SIMILAR = "/oensker/os2alfa/lignende/"


def _data(**extra: str) -> dict[str, str]:
    return {
        "title": "Eksport af sager til CSV",
        "description": "Sagsbehandlere vil kunne eksportere deres sager.",
        "category": "new_functionality",
        "scope": "general",
        "expected_benefit": "Færre manuelle opgørelser.",
        "expected_hours_per_year": "120.5",
        "expected_dkk_per_year": "",
        **extra,
    }


def test_wsh01_a_person_from_a_user_municipality_submits_a_wish(world: WishWorld) -> None:
    client = client_for(world, "nordby_user")
    html = client.get(SUBMIT).content.decode()
    assert 'data-testid="submit-form"' in html
    assert "on behalf of Nordby Kommune" in text(html)
    assert 'hx-get="/oensker/os2alfa/lignende/"' in html
    response = client.post(SUBMIT, _data())
    assert response.status_code == 302
    wish = Wish.objects.get()
    assert response["Location"] == wish_url(wish)
    assert wish.state == WishState.SUBMITTED
    assert wish.submitter_municipality == world.nordby
    assert wish.expected_hours_per_year == Decimal("120.5")
    assert Support.objects.filter(wish=wish, municipality=world.nordby).exists()
    page = text(client.get(wish_url(wish)).content.decode())
    assert "Nordby Kommune counts as its first supporter." in page


def test_a_person_from_a_municipality_that_does_not_use_the_product_is_refused(
    world: WishWorld,
) -> None:
    client = client_for(world, "fjernby_user")
    response = client.get(SUBMIT)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only people from an organisation that uses OS2alfa can do this." in text(html)
    assert 'data-testid="submit-form"' not in html
    response = client.post(SUBMIT, _data())
    assert response.status_code == 403
    assert not Wish.objects.exists()


def test_errors_are_shown_next_to_the_fields_and_nothing_is_written(world: WishWorld) -> None:
    response = client_for(world, "nordby_user").post(
        SUBMIT, _data(title="", expected_dkk_per_year="-10", scope="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-title"' in html
    assert 'data-testid="error-scope"' in html
    assert not Wish.objects.exists()
    response = client_for(world, "nordby_user").post(SUBMIT, _data(expected_dkk_per_year="-10"))
    assert response.status_code == 400
    assert 'data-testid="error-expected_dkk_per_year"' in response.content.decode()
    assert "An amount cannot be negative." in text(response.content.decode())
    assert not WishEvent.objects.exists()


def test_wsh12_similar_wishes_are_shown_while_the_title_is_typed(world: WishWorld) -> None:
    existing = make_wish(world, title="Eksport af sager til Excel")
    make_wish(world, title="Mørk tilstand")
    client = client_for()
    html = client.get(SIMILAR, {"title": "Eksport af sager til CSV"}).content.decode()
    assert "Eksport af sager til Excel" in html
    assert "Mørk tilstand" not in html
    assert f'name="similar_seen" value="{existing.pk}"' in html
    assert client.get(SIMILAR, {"title": "Noget helt andet"}).content.decode().strip() == ""


def test_wsh12_without_javascript_the_similar_wishes_come_first(world: WishWorld) -> None:
    existing = make_wish(world, title="Eksport af sager til Excel")
    client = client_for(world, "nordby_user")
    response = client.post(SUBMIT, _data())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="confirm-similar"' in html
    assert "Eksport af sager til Excel" in html
    assert Wish.objects.count() == 1
    # Submitted again, having seen them: it goes through.
    response = client.post(SUBMIT, _data(similar_seen=str(existing.pk)))
    assert response.status_code == 302
    assert Wish.objects.count() == 2
