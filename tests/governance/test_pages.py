"""The governance pages: public reading (COM-02), the product panel with the tovholder
(GRP-07, GRP-08), and the management forms behind login and mandate."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from os2gov.core.models import AuditEvent
from os2gov.governance import services
from os2gov.governance.models import (
    BodyKind,
    BodyPosition,
    Decision,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from tests.governance import factories as f
from tests.governance.conftest import Scene

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def group_url(group: Group, name: str = "groups:group", *extra: object) -> str:
    return reverse(name, args=[group.product.slug, group.slug, *extra])


def public_urls(scene: Scene) -> list[str]:
    return [
        reverse("groups:list"),
        reverse("groups:body", args=["bestyrelse"]),
        reverse("groups:body", args=["sekretariat"]),
        reverse("groups:body-decisions", args=["sekretariat"]),
        reverse("groups:product", args=[scene.product.slug]),
        group_url(scene.coordination),
        group_url(scene.steering),
    ]


def test_urls() -> None:
    assert reverse("groups:list") == "/organer/"
    assert reverse("groups:body", args=["bestyrelse"]) == "/organer/bestyrelse/"
    assert reverse("groups:group", args=["os2mo", "koordinationsgruppe"]) == (
        "/organer/grupper/os2mo/koordinationsgruppe/"
    )


# --- COM-02: public, no login, no private e-mail --------------------------------------------


def test_com02_the_pages_need_no_login_and_have_one_heading(client: Client, scene: Scene) -> None:
    for url in public_urls(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        assert 'aria-current="page"' in html, url  # the breadcrumb


def test_com02_grp07_only_the_tovholders_e_mail_is_shown_in_public(
    client: Client, scene: Scene
) -> None:
    f.body_member(BodyKind.BOARD, scene.member, BodyPosition.CHAIR)
    f.member(
        scene.coordination,
        scene.supplier_person,
        GroupRole.SUPPLIER_REPRESENTATIVE,
        supplier_participation="voluntary",
    )
    nameless = f.person(scene.user_municipality, name="")
    nameless.name = ""
    nameless.save()
    f.member(scene.steering, nameless)
    services.membership_end(
        actor=scene.secretariat,
        membership=scene.coordination.memberships.get(person=scene.member),
        ends_on=TODAY,
    )
    private = [
        p.email
        for p in (
            scene.member,
            scene.steering_member,
            scene.supplier_person,
            scene.secretariat,
            nameless,
        )
    ]
    pages = "".join(client.get(url).content.decode() for url in public_urls(scene))
    api = "".join(
        client.get(url).content.decode()
        for url in (
            "/api/v1/bodies",
            "/api/v1/bodies/bestyrelse",
            "/api/v1/bodies/sekretariat",
            f"/api/v1/groups?product={scene.product.slug}",
            f"/api/v1/groups/{scene.coordination.pk}",
            f"/api/v1/groups/{scene.steering.pk}",
            f"/api/v1/groups/{scene.coordination.pk}/memberships",
            f"/api/v1/decisions?product={scene.product.slug}",
            "/api/v1/decisions",
        )
    )
    for address in private:
        assert address not in pages
        assert address not in api
    assert "(name not registered)" in pages
    assert scene.tovholder.email in pages
    assert scene.tovholder.email in api


def test_the_body_page_shows_purpose_members_and_former_members(
    client: Client, scene: Scene
) -> None:
    f.body_member(BodyKind.BOARD, scene.member, BodyPosition.CHAIR)
    f.body_member(
        BodyKind.BOARD,
        scene.outsider,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
    )
    response = client.get(reverse("groups:body", args=["bestyrelse"]))
    assert response.context["body"].purpose in response.content.decode()
    html = response.content.decode()
    active = html.split('data-testid="active-members"', 1)[1].split("</table>", 1)[0]
    past = html.split('data-testid="past-members"', 1)[1].split("</table>", 1)[0]
    assert "Mads Medlem" in active and "Brugerby Kommune" in active and "Chair" in active
    assert "Otto Udenfor" in past and "Otto Udenfor" not in active


def test_the_group_page_shows_settings_members_past_members_and_decisions(
    client: Client, scene: Scene
) -> None:
    services.membership_end(
        actor=scene.secretariat,
        membership=scene.coordination.memberships.get(person=scene.member),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    html = client.get(group_url(scene.coordination)).content.decode()
    active = html.split('data-testid="active-members"', 1)[1].split("</table>", 1)[0]
    past = html.split('data-testid="past-members"', 1)[1].split("</table>", 1)[0]
    assert "Tove Tovholder" in active and "Tovholder" in active
    assert "Mads Medlem" in past and "Mads Medlem" not in active
    assert 'data-testid="group-settings"' in html
    assert "Ended Mads Medlem" in html  # the decision
    # Anonymous visitors see no management buttons.
    assert 'data-testid="add-member"' not in html
    assert 'data-testid="edit-settings"' not in html


def test_the_list_page_shows_bodies_and_groups(client: Client, scene: Scene) -> None:
    html = client.get(reverse("groups:list")).content.decode()
    for name in ("Generalforsamlingen", "Bestyrelsen", "Koordinationsudvalget"):
        assert name in html
    assert group_url(scene.coordination) in html


# --- The product panel (GRP-07, GRP-08, COM-03) ---------------------------------------------


def test_grp07_com03_the_product_page_shows_the_tovholder_and_the_contact_form(
    client: Client, scene: Scene
) -> None:
    html = client.get(reverse("groups:product", args=[scene.product.slug])).content.decode()
    tovholder = html.split('data-testid="tovholder"', 1)[1].split("</p>", 1)[0]
    assert "Tove Tovholder" in tovholder
    assert f'href="mailto:{scene.tovholder.email}"' in tovholder
    assert 'data-testid="contact-form"' in html
    assert 'data-testid="no-steering-group"' not in html


def test_grp07_com03_the_catalogue_product_page_shows_the_tovholder_and_the_form(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    product_page = reverse("products:detail", args=[scene.product.slug])
    html = client.get(product_page).content.decode()
    panel = html.split('data-testid="governance-panel"', 1)[1].split("</section>", 1)[0]
    assert f'href="mailto:{scene.tovholder.email}"' in panel
    assert scene.member.email not in html
    assert group_url(scene.coordination) in panel
    response = contact(client, scene, next=product_page)
    assert response["Location"] == f"{product_page}#contact"
    assert len(mailoutbox) == 1


def test_the_panel_is_one_line_for_other_pages(scene: Scene) -> None:
    request = RequestFactory().get("/produkter/os2testprodukt/")
    html = Template("{% load governance %}{% product_governance_panel product %}").render(
        Context({"product": scene.product, "request": request})
    )
    assert scene.tovholder.email in html
    assert 'value="/produkter/os2testprodukt/"' in html  # the form comes back here


def test_grp08_without_a_steering_group_the_page_says_who_holds_its_mandate(
    client: Client, scene: Scene
) -> None:
    product = f.product()
    f.group(product, GroupKind.COORDINATION)
    html = client.get(reverse("groups:product", args=[product.slug])).content.decode()
    assert 'data-testid="no-steering-group"' in html
    assert "also holds the steering group" in html
    assert 'data-testid="no-tovholder"' in html
    assert 'data-testid="contact-form"' not in html


# --- The contact form (COM-03) ------------------------------------------------------------


def contact(client: Client, scene: Scene, **data: str) -> Any:
    form = {
        "name": "Ida Interesseret",
        "email": "ida@example.net",
        "message": "Kan vores kommune bruge produktet?",
        "website": "",
        "next": "/produkter/os2testprodukt/",
    }
    form.update(data)
    return client.post(reverse("groups:contact", args=[scene.product.slug]), form)


def test_com03_a_message_goes_to_the_tovholder_and_is_audited_without_its_text(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    response = contact(client, scene)
    assert response.status_code == 302
    assert response["Location"] == "/produkter/os2testprodukt/#contact"
    (mail,) = mailoutbox
    assert mail.to == [scene.tovholder.email]
    assert mail.reply_to == ["ida@example.net"]
    assert "Kan vores kommune bruge produktet?" in mail.body
    event = AuditEvent.objects.get(action="product.contact_tovholder")
    assert "Kan vores kommune" not in event.summary
    assert event.changes == {}


def test_com03_a_foreign_return_address_is_not_followed(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    response = contact(client, scene, next="https://elsewhere.example/")
    assert response["Location"] == (
        reverse("groups:product", args=[scene.product.slug]) + "#contact"
    )


def test_com03_a_flood_from_one_address_is_stopped(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    for _n in range(3):
        assert contact(client, scene).status_code == 302
    response = contact(client, scene)
    assert response.status_code == 429
    assert "Wait ten minutes" in response.content.decode()
    assert len(mailoutbox) == 3
    # Another address is not affected.
    response = client.post(
        reverse("groups:contact", args=[scene.product.slug]),
        {"name": "B", "email": "b@example.net", "message": "Hej"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 4


def test_com03_a_filled_honeypot_is_thrown_away_with_the_usual_answer(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    product_page = reverse("groups:product", args=[scene.product.slug])
    response = contact(client, scene, website="https://spam.example", next=product_page)
    assert response.status_code == 302
    assert mailoutbox == []
    page = client.get(product_page)
    assert "Your message has been sent" in page.content.decode()
    assert not AuditEvent.objects.filter(action="product.contact_tovholder").exists()


def test_com03_the_honeypot_is_hidden_by_a_class_not_an_inline_style(
    client: Client, scene: Scene
) -> None:
    html = client.get(reverse("groups:product", args=[scene.product.slug])).content.decode()
    assert re.search(r'<div class="d-none" aria-hidden="true">\s*<div class="form-group', html)
    assert 'name="website"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_com03_invalid_input_is_shown_next_to_the_fields(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    response = contact(client, scene, email="not-an-address", message="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-email"' in html
    assert 'data-testid="error-message"' in html
    assert mailoutbox == []


def test_com03_without_a_tovholder_the_sender_is_told(
    client: Client, scene: Scene, mailoutbox: list
) -> None:
    GroupMembership.objects.filter(role=GroupRole.TOVHOLDER).update(
        ends_on=TODAY - datetime.timedelta(days=1)
    )
    response = contact(client, scene)
    assert response.status_code == 400
    assert "has no contact person" in response.content.decode()
    assert mailoutbox == []


# --- Management pages -----------------------------------------------------------------------


def add_form(scene: Scene, **data: str) -> dict[str, str]:
    form = {
        "person": str(scene.newcomer.pk),
        "organisation": "",
        "role": GroupRole.MEMBER,
        "starts_on": TODAY.isoformat(),
        "ends_on": "",
        "secretariat_exception_reason": "",
        "supplier_participation": "",
        "agreement_reference": "",
    }
    form.update(data)
    return form


def test_management_pages_need_a_login(client: Client, scene: Scene) -> None:
    for url in (
        group_url(scene.coordination, "groups:membership-add"),
        group_url(scene.coordination, "groups:group-settings"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_buttons_show_only_with_the_mandate(client: Client, scene: Scene) -> None:
    client.force_login(scene.member)
    html = client.get(group_url(scene.coordination)).content.decode()
    assert 'data-testid="add-member"' not in html
    assert 'data-testid="edit-settings"' in html  # a member of the group edits its settings
    client.force_login(scene.secretariat)
    html = client.get(group_url(scene.coordination)).content.decode()
    assert 'data-testid="add-member"' in html
    assert (
        group_url(
            scene.coordination,
            "groups:membership-end",
            scene.coordination.memberships.get(person=scene.member).pk,
        )
        in html
    )


def test_the_secretariat_adds_a_member_through_the_form(client: Client, scene: Scene) -> None:
    client.force_login(scene.secretariat)
    url = group_url(scene.coordination, "groups:membership-add")
    assert client.get(url).status_code == 200
    response = client.post(url, add_form(scene))
    assert response.status_code == 302
    assert response["Location"] == group_url(scene.coordination)
    membership = GroupMembership.objects.get(person=scene.newcomer)
    assert membership.organisation == scene.user_municipality
    assert Decision.objects.filter(action="membership.coordination.manage").count() == 1


def test_grp02_a_representative_of_a_non_user_municipality_is_refused_on_the_page(
    client: Client, scene: Scene
) -> None:
    client.force_login(scene.secretariat)
    response = client.post(
        group_url(scene.coordination, "groups:membership-add"),
        add_form(scene, person=str(scene.outsider.pk)),
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('data-testid="error-organisation"', 1)[1].split("</span>\n", 1)[0]
    assert "does not use OS2testprodukt" in error
    assert 'aria-describedby="id_organisation_error id_organisation_hint"' in html
    assert not GroupMembership.objects.filter(person=scene.outsider).exists()


def test_an_end_date_before_the_start_is_shown_on_ends_on(client: Client, scene: Scene) -> None:
    client.force_login(scene.secretariat)
    response = client.post(
        group_url(scene.coordination, "groups:membership-add"),
        add_form(scene, ends_on=(TODAY - datetime.timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 400
    assert (
        "cannot end before it starts"
        in response.content.decode().split('data-testid="error-ends_on"', 1)[1]
    )


def test_acc01_a_member_without_the_mandate_is_refused_on_the_page_naming_the_holder(
    client: Client, scene: Scene
) -> None:
    client.force_login(scene.member)
    url = group_url(scene.coordination, "groups:membership-add")
    response = client.get(url)
    assert response.status_code == 403
    assert "Only the tovholder of OS2testprodukt" in response.content.decode()
    before = (GroupMembership.objects.count(), Decision.objects.count(), AuditEvent.objects.count())
    response = client.post(url, add_form(scene))
    assert response.status_code == 403
    refusal = response.content.decode().split('data-testid="refusal"', 1)[1]
    assert "the secretariat" in refusal
    after = (GroupMembership.objects.count(), Decision.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_ending_a_membership_through_the_page(client: Client, scene: Scene) -> None:
    membership = scene.coordination.memberships.get(person=scene.member)
    url = group_url(scene.coordination, "groups:membership-end", membership.pk)
    client.force_login(scene.tovholder)
    assert client.get(url).status_code == 200
    response = client.post(url, {"ends_on": TODAY.isoformat()})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == TODAY


def test_the_settings_form_saves_and_refuses_a_stale_edit(client: Client, scene: Scene) -> None:
    client.force_login(scene.member)
    url = group_url(scene.coordination, "groups:group-settings")
    form = client.get(url).context["form"]
    loaded = form.initial["loaded_version"]
    data = {
        "loaded_version": loaded,
        "run_by": "product_coordinator",
        "focus": "development_and_dissemination",
        "member_cap_per_municipality": "2",
        "min_meetings_per_year": "4",
    }
    assert client.post(url, data).status_code == 302
    scene.coordination.refresh_from_db()
    assert scene.coordination.focus == "development_and_dissemination"
    response = client.post(url, {**data, "min_meetings_per_year": "6"})
    assert response.status_code == 400
    assert "Someone else changed" in response.content.decode()
    scene.coordination.refresh_from_db()
    assert scene.coordination.min_meetings_per_year == 4


def test_the_settings_form_is_refused_without_the_mandate(client: Client, scene: Scene) -> None:
    client.force_login(scene.outsider)
    response = client.get(group_url(scene.coordination, "groups:group-settings"))
    assert response.status_code == 403
    assert "the members of Koordinationsgruppe" in response.content.decode()


# --- Query counts -------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(scene: Scene, n: int) -> None:
    for _i in range(n):
        who = f.person(scene.user_municipality)
        membership = f.member(scene.coordination, who)
        f.member(scene.steering, who, ends_on=TODAY - datetime.timedelta(days=1))
        f.body_member(BodyKind.BOARD, who)
        services.membership_end(actor=scene.secretariat, membership=membership, ends_on=TODAY)


def test_query_counts_do_not_grow_with_rows(client: Client, scene: Scene) -> None:
    urls = [
        reverse("groups:list"),
        reverse("groups:body", args=["bestyrelse"]),
        reverse("groups:body-decisions", args=["sekretariat"]),
        reverse("groups:product", args=[scene.product.slug]),
        group_url(scene.coordination),
        group_url(scene.steering),
    ]
    _grow(scene, 2)
    few = [_queries(client, url) for url in urls]
    _grow(scene, 12)
    many = [_queries(client, url) for url in urls]
    assert many == few
    client.force_login(scene.secretariat)
    few_logged_in = _queries(client, group_url(scene.coordination))
    _grow(scene, 5)
    assert _queries(client, group_url(scene.coordination)) == few_logged_in
