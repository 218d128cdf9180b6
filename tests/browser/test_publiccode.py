"""PRD-08 in a real browser: upload a publiccode.yml on the upload page, follow the job's
progress to the result, and see the product; axe-core finds nothing serious on the upload
page and the result; no request leaves the site."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.authority.conftest import PASSWORD
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import log_in, rerun_data_migrations
from tests.governance import factories as f
from tests.interchange.publiccode.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def secretariat(transactional_db: Any) -> Any:
    # An earlier transactional test may have emptied what the data migrations loaded.
    rerun_data_migrations("organisation", "governance", "levels")
    person = f.secretariat_staff("Sif Sekretariat")
    person.set_password(PASSWORD)
    person.save()
    return person


def test_prd08_upload_follow_the_progress_and_see_the_product(
    recorded_page: RecordedPage, live_server: Any, secretariat: Any
) -> None:
    page = recorded_page.page
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    log_in(page, secretariat.email)

    page.goto("/udveksling/publiccode/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import publiccode.yml")
    assert axe_violations(page) == []

    page.get_by_label("publiccode.yml files").set_input_files(str(SAMPLES / "bad-licence.yml"))
    page.get_by_test_id("publiccode-import").click()
    expect(page.get_by_test_id("error-publiccode")).to_contain_text(
        "legal.license: not an SPDX expression"
    )
    assert axe_violations(page) == []

    page.get_by_label("publiccode.yml files").set_input_files(str(SAMPLES / "bookingportal.yml"))
    page.get_by_test_id("publiccode-import").click()
    status = page.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-state", "succeeded")
    expect(page.get_by_test_id("publiccode-counts")).to_have_text(
        "Imported: 1, updated: 0, unchanged: 0, rejected: 0."
    )
    assert axe_violations(page) == []

    page.get_by_test_id("publiccode-result").get_by_role("link", name="OS2bookingportal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OS2bookingportal")
    expect(page.get_by_test_id("publiccode-facts")).to_contain_text("Web application")
    expect(page.get_by_test_id("unconfirmed-users")).to_contain_text("Nordby Kommune")
    expect(page.get_by_test_id("product-suppliers")).to_contain_text("Eksempelkode ApS")
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
