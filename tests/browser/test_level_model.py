"""The level model in a real browser (PRD-02): a business-committee member starts a draft,
adds a criterion and publishes it, and the new version is the current one; the version
page and the criterion form are accessible and load nothing from other hosts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from os2gov.levels.models import Criterion, LevelModel
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import log_in_as
from tests.browser.test_levels import world as world  # the fixture, reused
from tests.levels.conftest import LevelWorld

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = "/produkter/niveauer/modeller/"


def test_prd02_the_committee_drafts_adds_a_criterion_and_publishes(
    recorded_page: RecordedPage, world: LevelWorld, english: list[str]
) -> None:
    page = recorded_page.page
    log_in_as(page, world.committee)

    page.goto(MODELS)
    expect(page.get_by_test_id("state-1")).to_have_text("Current")
    page.get_by_test_id("start-draft").click()
    page.locator("#id_effective_on").fill("2030-01-01")
    page.locator("#id_notes").fill("En offentlig køreplan på N2.")
    page.get_by_test_id("start-draft-submit").click()

    # The draft's page: the same levels and criteria, with the committee's actions.
    expect(page.get_by_test_id("draft-notice")).to_be_visible()
    expect(page.get_by_test_id("model-state")).to_have_text("Draft")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert axe_violations(page) == []

    page.get_by_test_id("add-criterion").click()
    expect(page.get_by_test_id("criterion-form")).to_be_visible()
    page.locator("#id_key").fill("N2-PUBLIC-ROADMAP")
    page.locator("#id_level_code").select_option("N2")
    page.locator("#id_theme").select_option("documentation")
    page.locator("#id_obligation").select_option("recommended")
    page.locator("#id_text_da").fill("Produktet har en offentlig køreplan.")
    page.locator("#id_text_en").fill("The product has a public roadmap.")
    page.locator("#id_guidance_en").fill("Link to the roadmap.")
    page.get_by_label("A link to the evidence is required").check()
    assert axe_violations(page) == []
    page.get_by_test_id("save-criterion").click()

    row = page.get_by_test_id("criterion-N2-PUBLIC-ROADMAP")
    expect(row).to_contain_text("The product has a public roadmap.")
    expect(page.get_by_test_id("added-2")).to_contain_text("N2-PUBLIC-ROADMAP")

    # A form with a wrong field names it, and is accessible with its errors.
    page.get_by_test_id("add-criterion").click()
    page.locator("#id_key").fill("roadmap")
    page.locator("#id_text_da").fill("Noget.")
    page.locator("#id_text_en").fill("Something.")
    page.get_by_test_id("save-criterion").click()
    expect(page.get_by_test_id("error-key")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Cancel").click()

    page.get_by_test_id("publish-link").click()
    expect(page.get_by_test_id("publish-form")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_test_id("publish-submit").click()

    expect(page.get_by_test_id("model-state")).to_have_text("Current")
    page.goto(MODELS)
    expect(page.get_by_test_id("state-2")).to_have_text("Current")
    expect(page.get_by_test_id("state-1")).to_have_text("Earlier version")
    assert axe_violations(page) == []
    current = LevelModel.objects.get(is_current=True)
    assert current.version == 2
    assert Criterion.objects.get(model=current, key="N2-PUBLIC-ROADMAP").url_required

    # The product's compliance page shows the new version and links the earlier one.
    page.goto("/produkter/os2niveau/niveau/")
    expect(page.get_by_test_id("model-version")).to_contain_text("Version 2")
    page.get_by_test_id("version-link-1").click()
    expect(page.get_by_test_id("earlier-version")).to_be_visible()
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
    assert english == []
