"""PRD-01 in the demo data: every demo product has a documentation owner, named the same
way on every run, and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product
from os2gov.core.models import AuditEvent
from os2gov.demo.accounts import DEMO_ACCOUNTS
from os2gov.demo.plan import demo_plan
from os2gov.demo.products import (
    DOCUMENTATION_OWNERS,
    DOCUMENTATION_OWNERS_NAMED_ON,
    PRODUCT_TEXTS,
)
from os2gov.demo.services import municipality_codes
from os2gov.governance.models import Decision

pytestmark = pytest.mark.django_db


def test_prd01_every_demo_owner_contact_is_a_demo_person_of_the_owner() -> None:
    assert [owner.product for owner in DOCUMENTATION_OWNERS] == [t.slug for t in PRODUCT_TEXTS]
    plan = demo_plan(municipality_codes(), 1)
    works_for = {person.email: person.organisation for person in plan.people}
    works_for.update({account.email: account.organisation for account in DEMO_ACCOUNTS})
    named = [owner for owner in DOCUMENTATION_OWNERS if owner.contact]
    assert named, "some demo owners name a contact person"
    assert any(not owner.contact for owner in DOCUMENTATION_OWNERS)
    for owner in named:
        assert works_for[owner.contact_email()] == owner.organisation, owner.product


def _owners() -> dict[str, tuple[str | None, str | None]]:
    return {
        product.slug: (
            product.documentation_owner.slug if product.documentation_owner else None,
            product.documentation_contact.email if product.documentation_contact else None,
        )
        for product in Product.objects.select_related(
            "documentation_owner", "documentation_contact"
        )
    }


def test_prd01_the_seed_names_every_demo_products_owner_once() -> None:
    call_command("seed_demo", quiet=True, without_wishes=True)
    owners = _owners()
    assert set(owners) == {text.slug for text in PRODUCT_TEXTS}
    for spec in DOCUMENTATION_OWNERS:
        organisation, contact = owners[spec.product]
        assert organisation is not None, spec.product
        assert contact == (spec.contact_email() or None), spec.product
        if contact is not None:
            person = User.objects.select_related("organisation").get(email=contact)
            assert person.organisation is not None
            assert person.organisation.slug == organisation, spec.product
    decisions = Decision.objects.filter(
        action="product.update", decided_on=DOCUMENTATION_OWNERS_NAMED_ON
    )
    assert decisions.count() == len(DOCUMENTATION_OWNERS)
    products = list(Product.objects.order_by("pk").values())
    events = AuditEvent.objects.count()
    # A second run leaves the owners, and everything else about the products, as it was.
    call_command("seed_demo", quiet=True, without_wishes=True)
    assert list(Product.objects.order_by("pk").values()) == products
    assert AuditEvent.objects.count() == events
