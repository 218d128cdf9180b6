"""The editing pages: a wish's text (through wish_update) and the product's priority weights
(through priority_weights_set, WSH-02). A refusal names who may and writes nothing; an edit
on top of a newer one is refused with the editor's input kept."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from os2gov.core.models import AuditEvent
from os2gov.wishes import services
from os2gov.wishes.models import PriorityWeights, Wish, WishEvent, WishEventKind, WishState
from tests.wishes.pages.helpers import client_for, text, wish_url
from tests.wishes.world import WishWorld, make_wish

WEIGHTS = "/oensker/os2alfa/prioritering/vaegte/"
GROUP_ONLY = "Only the public-authority members of the coordination group of OS2alfa"


def edit_url(wish: Wish) -> str:
    return reverse("wishes:edit", args=[wish.product.slug, wish.pk])


def edit_data(wish: Wish, **changes: str) -> dict[str, str]:
    data = {
        "title": wish.title,
        "description": wish.description,
        "category": wish.category,
        "scope": wish.scope,
        "expected_benefit": wish.expected_benefit,
        "expected_hours_per_year": "",
        "expected_dkk_per_year": "",
        "jira_key": wish.jira_key,
        "external_url": wish.external_url,
        "version": str(wish.version),
    }
    data.update(changes)
    return data


# --- editing a wish's text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("municipality_user", 200),  # the submitter
        ("coordination_group_member", 200),
        ("nordby_user", 403),
        ("supplier_representative", 403),  # GRP-06: the group's mandate is not theirs
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_edit_form(world: WishWorld, role: str, status: int) -> None:
    wish = make_wish(world)
    response = client_for(world, role).get(edit_url(wish))
    assert response.status_code == status
    html = response.content.decode()
    if status == 200:
        assert 'data-testid="edit-form"' in html
    elif status == 403:
        assert 'data-testid="edit-form"' not in html
        assert GROUP_ONLY in text(html)
        assert "its submitter can while it is submitted or under review" in text(html)
    else:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["nordby_user", "supplier_representative"])
def test_a_refused_edit_writes_nothing(world: WishWorld, role: str) -> None:
    wish = make_wish(world, title="Eksport")
    response = client_for(world, role).post(edit_url(wish), edit_data(wish, title="Ændret"))
    assert response.status_code == 403
    wish.refresh_from_db()
    assert wish.title == "Eksport" and wish.version == 1
    assert not WishEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="wish.update").exists()


def test_the_submitter_edits_and_the_change_is_on_the_timeline(world: WishWorld) -> None:
    wish = make_wish(world, title="Eksport")
    client = client_for(world, "municipality_user")
    response = client.post(
        edit_url(wish),
        edit_data(
            wish,
            title="Eksport til CSV",
            description="Sagsbehandlere vil eksportere sager.",
            expected_hours_per_year="120.5",
            external_url="https://example.org/eksport",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == wish_url(wish)
    wish.refresh_from_db()
    assert wish.title == "Eksport til CSV"
    assert str(wish.expected_hours_per_year) == "120.5"
    assert wish.version == 2
    event = WishEvent.objects.get(wish=wish, kind=WishEventKind.EDITED)
    assert event.actor == world["municipality_user"]
    assert "title" in event.data and "description" in event.data
    assert AuditEvent.objects.filter(action="wish.update").count() == 1
    page = text(client.get(wish_url(wish)).content.decode())
    assert "Your changes to the wish were saved." in page
    assert "Edited: title, description" in page


def test_the_submitter_may_not_edit_once_prioritised_but_the_group_may(world: WishWorld) -> None:
    wish = make_wish(world, state=WishState.PRIORITISED, title="Eksport")
    response = client_for(world, "municipality_user").get(edit_url(wish))
    assert response.status_code == 403
    response = client_for(world, "coordination_group_member").post(
        edit_url(wish), edit_data(wish, title="Eksport af sager")
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.title == "Eksport af sager"


def test_a_started_wish_cannot_be_edited(world: WishWorld) -> None:
    wish = make_wish(world, state=WishState.STARTED, title="Eksport")
    client = client_for(world, "coordination_group_member")
    response = client.get(edit_url(wish))
    assert 'data-testid="edit-locked"' in response.content.decode()
    assert 'data-testid="edit-form"' not in response.content.decode()
    response = client.post(edit_url(wish), edit_data(wish, title="Ændret"))
    assert response.status_code == 409
    wish.refresh_from_db()
    assert wish.title == "Eksport"


def test_a_stale_edit_is_refused_and_keeps_the_input(world: WishWorld) -> None:
    wish = make_wish(world, title="Eksport")
    loaded = edit_data(wish, title="Eksport til regneark", description="Min tekst.")
    # Someone else saves first.
    services.wish_update(
        wish=wish,
        actor=world["coordination_group_member"],
        expected_version=1,
        title="Eksport af sager",
    )
    response = client_for(world, "municipality_user").post(edit_url(wish), loaded)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed this wish after you opened it." in text(html)
    assert 'value="Eksport til regneark"' in html
    assert "Min tekst." in html
    # The version on the form stays the one the editor loaded: resubmitting fails too.
    assert re.search(r'name="version" value="1"', html)
    wish.refresh_from_db()
    assert wish.title == "Eksport af sager" and wish.version == 2
    assert WishEvent.objects.filter(wish=wish, kind=WishEventKind.EDITED).count() == 1


def test_bad_input_names_the_field_and_changes_nothing(world: WishWorld) -> None:
    wish = make_wish(world, title="Eksport")
    response = client_for(world, "municipality_user").post(
        edit_url(wish),
        edit_data(wish, title="", expected_dkk_per_year="mange", external_url="ftp://x"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-title"' in html
    assert 'data-testid="error-expected_dkk_per_year"' in html
    assert 'data-testid="error-external_url"' in html
    wish.refresh_from_db()
    assert wish.title == "Eksport" and wish.version == 1
    assert not WishEvent.objects.exists()


def test_the_wish_page_links_to_editing_and_lists_attachments(world: WishWorld) -> None:
    wish = make_wish(world)
    html = client_for(world, "nordby_user").get(wish_url(wish)).content.decode()
    assert f'href="{edit_url(wish)}"' in html
    assert 'data-testid="no-attachments"' in html
    anonymous = client_for(world).get(wish_url(wish)).content.decode()
    assert 'data-testid="edit-link"' not in anonymous
    assert 'data-testid="attachments-link"' not in anonymous


# --- the priority weights (WSH-02) -------------------------------------------------------


def weights_data(**values: str) -> dict[str, str]:
    data = {
        "support": "1",
        "benefit": "1",
        "cost": "1",
        "strategic_fit": "1",
        "urgency": "1",
        "cost_reference": "0",
        "version": "",
    }
    data.update(values)
    return data


def _backlog(world: WishWorld) -> tuple[Wish, Wish]:
    """Two wishes: "Bred" has more support, "Nyttig" the higher assessed benefit."""
    broad = make_wish(
        world,
        state=WishState.UNDER_REVIEW,
        title="Bred",
        benefit_score=1,
        supported_by=(world.municipality, world.nordby, world.sydby, world.ostby),
    )
    useful = make_wish(world, state=WishState.UNDER_REVIEW, title="Nyttig", benefit_score=5)
    services.priority_refresh(world.alfa)
    return broad, useful


def _order(world: WishWorld) -> list[str]:
    return list(
        Wish.objects.filter(product=world.alfa, rank__isnull=False)
        .order_by("rank")
        .values_list("title", flat=True)
    )


def test_wsh02_the_weights_and_the_scores_composition_are_public(world: WishWorld) -> None:
    response = client_for(world).get(WEIGHTS)
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert "How the score is composed" in page
    assert "every component weighs 1" in page
    assert html.count('data-testid="weight-') == 5
    assert 'data-testid="weights-form"' not in html
    assert GROUP_ONLY in page


@pytest.mark.parametrize(
    ("role", "has_form"),
    [
        ("coordination_group_member", True),
        ("tovholder", True),
        ("supplier_representative", False),  # GRP-06: may not weigh
        ("municipality_user", False),
        ("nordby_user", False),
        ("anonymous", False),
    ],
)
def test_the_weights_form_is_the_coordination_groups(
    world: WishWorld, role: str, has_form: bool
) -> None:
    html = client_for(world, role).get(WEIGHTS).content.decode()
    assert ('data-testid="weights-form"' in html) is has_form


@pytest.mark.parametrize("role", ["supplier_representative", "municipality_user", "anonymous"])
def test_grp06_a_refused_weighing_writes_nothing(world: WishWorld, role: str) -> None:
    _backlog(world)
    response = client_for(world, role).post(WEIGHTS, weights_data(support="0", benefit="5"))
    assert response.status_code == 403
    assert GROUP_ONLY in text(response.content.decode())
    assert not PriorityWeights.objects.exists()
    assert _order(world) == ["Bred", "Nyttig"]


def test_wsh02_the_group_changes_a_weight_and_the_backlog_follows(world: WishWorld) -> None:
    _backlog(world)
    assert _order(world) == ["Bred", "Nyttig"]
    client = client_for(world, "coordination_group_member")
    response = client.post(WEIGHTS, weights_data(support="1", benefit="8"))
    assert response.status_code == 302
    weights = PriorityWeights.objects.get(product=world.alfa)
    assert (weights.support, weights.benefit, weights.version) == (1, 8, 1)
    assert _order(world) == ["Nyttig", "Bred"]
    assert AuditEvent.objects.filter(action="wish.priority_weights.set").count() == 1
    html = client.get(WEIGHTS).content.decode()
    assert re.search(r'data-testid="weight-benefit">8<', html)
    assert 'name="version" value="1"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("support", "abc", "Give a weight from 0 to 10, a whole number."),
        ("benefit", "2.5", "Give a weight from 0 to 10, a whole number."),
        ("cost", "-1", "Give a weight from 0 to 10."),
        ("urgency", "11", "Give a weight from 0 to 10."),
        ("cost_reference", "mange", "Enter an amount in kroner"),
    ],
)
def test_a_bad_weight_is_named_and_nothing_changes(
    world: WishWorld, field: str, value: str, message: str
) -> None:
    _backlog(world)
    response = client_for(world, "coordination_group_member").post(
        WEIGHTS, weights_data(**{"strategic_fit": "8", field: value})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-testid="error-{field}"' in html
    assert message in text(html)
    assert not PriorityWeights.objects.exists()
    assert _order(world) == ["Bred", "Nyttig"]


def test_a_stale_weighing_is_refused(world: WishWorld) -> None:
    _backlog(world)
    services.priority_weights_set(
        product=world.alfa,
        actor=world["tovholder"],
        support=2,
        benefit=1,
        cost=1,
        strategic_fit=1,
        urgency=1,
    )
    # Loaded before the tovholder saved: no version yet.
    response = client_for(world, "coordination_group_member").post(
        WEIGHTS, weights_data(benefit="9")
    )
    assert response.status_code == 409
    assert "Someone changed the weights after you opened them." in text(response.content.decode())
    weights = PriorityWeights.objects.get()
    assert (weights.support, weights.benefit, weights.version) == (2, 1, 1)


def test_the_prioritisation_page_links_to_the_weights(world: WishWorld) -> None:
    html = (
        client_for(world, "coordination_group_member")
        .get("/oensker/os2alfa/prioritering/")
        .content.decode()
    )
    assert f'href="{WEIGHTS}"' in html
