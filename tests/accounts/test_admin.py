"""The admin's person pages: e-mail instead of username, organisation in the list."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from os2gov.accounts.models import ApiToken, User
from os2gov.accounts.services import api_token_create
from os2gov.organisation.models import Organisation, OrganisationType
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    admin = User.objects.create_superuser("sekretariat@os2.example", PASSWORD, name="Sekretariat")
    client.force_login(admin)
    return client


def test_changelist_shows_email_name_organisation(staff_client: Client, person: User) -> None:
    response = staff_client.get(reverse("admin:accounts_user_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (person.email, person.name, "Testby Kommune"):
        assert text in html


def test_changelist_search_and_filter_by_organisation_type(
    staff_client: Client, person: User, other_person: User
) -> None:
    url = reverse("admin:accounts_user_changelist")
    found = staff_client.get(url, {"q": "andersen"}).content.decode()
    assert person.email in found and other_person.email not in found
    municipal = staff_client.get(
        url, {"organisation__type__exact": OrganisationType.MUNICIPALITY}
    ).content.decode()
    assert person.email in municipal and other_person.email not in municipal


def test_add_person_by_email(staff_client: Client, organisation: Organisation) -> None:
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Dorte.Dahl@Testby.Example",
            "name": "Dorte Dahl",
            "organisation": organisation.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="dorte.dahl@testby.example")
    assert user.organisation == organisation and user.check_password(PASSWORD)
    # The secretariat vouches for the address: it counts as verified for login.
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def test_add_person_refuses_duplicate_email(staff_client: Client, person: User) -> None:
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": person.email.upper(),
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact=person.email).count() == 1


def test_change_person_page(staff_client: Client, person: User) -> None:
    response = staff_client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert response.status_code == 200
    assert person.email in response.content.decode()


def test_tokens_are_read_only_in_admin(staff_client: Client, person: User) -> None:
    token, _plaintext = api_token_create(actor=person, name="Script")
    listing = staff_client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "Script" in listing and token.token_hash not in listing
    assert staff_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    assert ApiToken.objects.count() == 1
