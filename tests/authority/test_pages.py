"""The mandate pages and /api/v1/mandates."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.authority.actions import ACTIONS
from os2gov.authority.selectors import product_actions
from os2gov.governance.models import GroupKind, GroupRole
from tests.authority.conftest import (
    PASSWORD,
    World,
    english_client,
    join_group,
    make_group,
    make_person,
    make_product,
)

pytestmark = pytest.mark.django_db


def logged_in(world: World, role: str) -> Client:
    client = english_client()
    assert client.login(email=world[role].email, password=PASSWORD)
    return client


def test_acc01_the_matrix_page_shows_every_action_publicly(world: World) -> None:
    response = english_client().get("/mandater/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<title>Mandates · OS2gov</title>" in html
    rows = re.findall(r'<tr data-action="([^"]+)"', html)
    assert sorted(rows) == sorted(action.code for action in ACTIONS)
    assert len(rows) == len(ACTIONS)
    # Every ✓ has a text alternative; the table has a caption and scoped headers.
    assert html.count("✓") == html.count('<span class="sr-only">Yes</span>')
    assert html.count("✓") == sum(len(action.holders) for action in ACTIONS)
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "Within the economic frame and the coordination group&#x27;s own limit." in html
    assert "professional groups only" in html
    assert 'href="/mandater/produkt/os2beta/"' in html
    assert 'style="' not in html and "<script>" not in html


def test_the_matrix_page_is_in_the_main_menu(world: World) -> None:
    html = english_client().get("/mandater/").content.decode()
    assert re.search(r'<a href="/mandater/" class="nav-link" aria-current="page">', html)


def test_grp08_the_product_page_shows_the_shift(world: World) -> None:
    html = english_client().get("/mandater/produkt/os2beta/").content.decode()
    assert html.count("<h1") == 1
    assert "Mandates for OS2beta" in html
    assert 'data-testid="grp08-notice"' in html
    assert (
        "OS2beta has no steering group: its coordination group holds the steering group's "
        "mandates." in html
    )
    assert "in place of a steering group" in html
    rows = re.findall(r'<tr data-action="([^"]+)"', html)
    assert set(rows) == {action.code for action in product_actions()}
    # The columns name the product's actual group.
    assert "Koordinationsgruppen for OS2beta" in html


def test_the_product_page_without_the_shift_names_its_groups(world: World) -> None:
    html = english_client().get("/mandater/produkt/os2alfa/").content.decode()
    assert 'data-testid="grp08-notice"' not in html
    assert "Styregruppen for OS2alfa" in html
    assert "Koordinationsgruppen for OS2alfa" in html
    assert "Faggruppen for OS2alfa" in html
    assert "Professional groups hold no development or economic mandate." in html
    assert english_client().get("/mandater/produkt/findes-ikke/").status_code == 404


def test_the_pages_query_count_does_not_grow_with_the_data(world: World) -> None:
    client = english_client()
    client.get("/mandater/")
    client.get("/mandater/produkt/os2alfa/")
    with CaptureQueriesContext(connection) as matrix_before:
        client.get("/mandater/")
    with CaptureQueriesContext(connection) as product_before:
        client.get("/mandater/produkt/os2alfa/")
    for n in range(8):
        make_product(f"OS2ekstra{n}", f"os2ekstra{n}")
        group = make_group(world.alfa, GroupKind.PROFESSIONAL, f"Faggruppe {n}", f"faggruppe-{n}")
        join_group(world["municipality_user"], group, GroupRole.MEMBER)
    with CaptureQueriesContext(connection) as matrix_after:
        client.get("/mandater/")
    with CaptureQueriesContext(connection) as product_after:
        client.get("/mandater/produkt/os2alfa/")
    assert len(matrix_after) == len(matrix_before)
    assert len(product_after) == len(product_before)


def test_acc02_my_roles_page_needs_a_login(world: World) -> None:
    response = english_client().get("/mandater/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_acc02_my_roles_page_lists_the_derived_roles_and_mandates(world: World) -> None:
    html = logged_in(world, "tovholder").get("/mandater/mine/").content.decode()
    assert html.count("<h1") == 1
    assert re.findall(r'<tr data-role="([^"]+)"', html) == [
        "coordination_group_member",
        "tovholder",
        "municipality_user",
    ]
    assert "Koordinationsgruppen for OS2alfa" in html
    product_list = html[html.index('data-testid="my-product-mandates-os2alfa"') :]
    held = re.findall(r'<li data-action="([^"]+)"', product_list)
    assert set(held) == {
        "product.update",
        "membership.coordination.manage",
        "group.settings.edit",
        "kommissorium.adopt",
        "decision.record",
        "wish.prioritise",
        "wish.start",
        "wish.close",
        "wish.recommend",
        "wish.accept_delivery",
        "wish.follow_up",
        "wish.import",
        "status_report.submit",
        "criteria.answer",
    }
    assert "as the tovholder of OS2alfa&#x27;s coordination group" in html


def test_my_roles_page_for_a_person_without_memberships(world: World) -> None:
    html = logged_in(world, "superuser").get("/mandater/mine/").content.decode()
    assert 'data-testid="no-roles"' in html
    assert 'data-testid="no-mandates"' in html


def test_my_roles_page_lists_body_mandates_once(world: World) -> None:
    html = logged_in(world, "secretariat_staff").get("/mandater/mine/").content.decode()
    held = re.findall(r'<li data-action="([^"]+)"', html)
    assert len(held) == len(set(held))
    assert "group.settings.edit" in held and "news.forward" not in held
    assert "(professional groups only)" in html


def test_my_roles_page_query_count_does_not_grow_with_memberships(world: World) -> None:
    client = logged_in(world, "coordination_group_member")
    client.get("/mandater/mine/")
    with CaptureQueriesContext(connection) as before:
        client.get("/mandater/mine/")
    person = world["coordination_group_member"]
    for n in range(6):
        product = make_product(f"OS2ekstra{n}", f"os2ekstra{n}")
        join_group(
            person, make_group(product, GroupKind.COORDINATION, f"KG {n}", "kg"), GroupRole.MEMBER
        )
        join_group(
            person, make_group(product, GroupKind.STEERING, f"SG {n}", "sg"), GroupRole.MEMBER
        )
    with CaptureQueriesContext(connection) as after:
        html = client.get("/mandater/mine/").content.decode()
    assert "OS2ekstra5" in html
    assert len(after) == len(before)


# --- API ----------------------------------------------------------------------------------


def test_acc01_api_lists_the_matrix(world: World) -> None:
    response = english_client().get("/api/v1/mandates")
    assert response.status_code == 200
    data = response.json()
    assert [action["code"] for action in data["actions"]] == [a.code for a in ACTIONS]
    wish_start = next(a for a in data["actions"] if a["code"] == "wish.start")
    assert wish_start["holders"] == ["coordination_group"]
    assert wish_start["scope"] == "product"
    assert wish_start["condition"].startswith("Within the economic frame")
    settings_edit = next(a for a in data["actions"] if a["code"] == "group.settings.edit")
    assert settings_edit["holder_restrictions"] == {"secretariat": "professional groups only"}
    assert len(data["holders"]) == 10


def test_grp08_api_flags_the_shift_per_product(world: World) -> None:
    beta = english_client().get("/api/v1/mandates/products/os2beta").json()
    assert beta["coordination_group_holds_steering_mandate"] is True
    assert beta["steering_group"] is None
    frame = next(a for a in beta["actions"] if a["code"] == "economic_frame.set")
    assert frame["holders"][0]["group"]["name"] == "Koordinationsgruppen for OS2beta"
    assert frame["holders"][0]["in_place_of_steering_group"] is True
    alfa = english_client().get("/api/v1/mandates/products/os2alfa").json()
    assert alfa["coordination_group_holds_steering_mandate"] is False
    assert [g["name"] for g in alfa["professional_groups"]] == ["Faggruppen for OS2alfa"]
    missing = english_client().get("/api/v1/mandates/products/findes-ikke")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not found."


def test_acc02_api_me_needs_authentication_and_lists_roles(world: World) -> None:
    assert english_client().get("/api/v1/mandates/me").status_code == 401
    data = logged_in(world, "beta_coordination_member").get("/api/v1/mandates/me").json()
    assert [role["code"] for role in data["roles"]] == [
        "coordination_group_member",
        "municipality_user",
    ]
    codes = {(a["code"], a["product"]["slug"] if a["product"] else None) for a in data["actions"]}
    assert ("economic_frame.set", "os2beta") in codes
    assert ("wish.approve", "os2beta") in codes
    assert all(product == "os2beta" for _code, product in codes)


def test_api_me_for_a_new_person_without_roles(world: World) -> None:
    make_person("ny@example.org", "Ny", None)
    client = english_client()
    assert client.login(email="ny@example.org", password=PASSWORD)
    data = client.get("/api/v1/mandates/me").json()
    assert data["roles"] == [] and data["actions"] == []
