"""A governance report in a real browser: the tovholder uploads it on the product's page,
follows the job to its result, and sees the answers on the product's level page. The upload
and result pages are accessible and load nothing from other hosts."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import level_world, log_in_as
from tests.interchange.reports.conftest import SAMPLES, make_report_model_current
from tests.levels.conftest import LevelWorld

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: Any) -> LevelWorld:
    world = level_world(name="OS2bogreol")
    make_report_model_current(world)
    return world


def test_the_tovholder_uploads_a_report_and_sees_the_answers(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    page = recorded_page.page
    log_in_as(page, world.tovholder)
    page.goto(f"/produkter/{world.product.slug}/")
    page.get_by_test_id("governance-report-import").click()
    expect(page.get_by_test_id("report-import-form")).to_be_visible()
    assert axe_violations(page) == []

    # A file that is no report: a form error naming the line, nothing imported.
    page.locator("#id_file").set_input_files(str(SAMPLES / "bad_unknown_mark.md"))
    page.get_by_test_id("report-import-submit").click()
    expect(page.get_by_test_id("error-file")).to_contain_text("8")
    assert axe_violations(page) == []

    page.locator("#id_file").set_input_files(str(SAMPLES / "words_2026.md"))
    page.get_by_test_id("report-import-submit").click()
    expect(page.get_by_test_id("job-succeeded")).to_be_visible()
    expect(page.get_by_test_id("report-counts")).to_be_visible()
    expect(page.get_by_test_id("report-outcome")).to_contain_text("7")
    assert axe_violations(page) == []

    page.get_by_test_id("report-compliance-link").click()
    # The interface is Danish: the answers as the level page names them.
    expect(page.get_by_test_id("answer-R2")).to_contain_text("Delvist opfyldt")
    expect(page.get_by_test_id("answer-F2")).to_contain_text("Planlagt")
    expect(page.get_by_test_id("answer-R1")).to_contain_text("behovsnotat")
    assert recorded_page.foreign_requests() == []
