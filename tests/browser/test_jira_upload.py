"""The Jira CSV upload in a real browser (WSH-11): the coordination group follows the
backlog's link, uploads an export, sees the job's result with the counts and finds the
imported wishes in the backlog; a dry run is marked as such and writes nothing; a file with
row errors lists them. axe-core finds nothing serious on the upload page and the result; no
request leaves the site; no script error.

Transactional tests end with a flush: the fixture builds its own world.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from os2gov.wishes.models import Wish
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import log_in
from tests.wishes.jira.samples import sample_path
from tests.wishes.world import WishWorld, build_wish_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: Any) -> WishWorld:
    return build_wish_world()


def _open_upload_page(page: Page) -> None:
    page.goto("/oensker/os2alfa/")
    page.get_by_test_id("jira-import-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from Jira")


def test_an_upload_shows_its_counts_and_the_wishes_are_in_the_backlog(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    page = recorded_page.page
    log_in(page, world["coordination_group_member"].email)
    _open_upload_page(page)
    assert axe_violations(page) == []
    page.get_by_label("Jira CSV export").set_input_files(sample_path("english_export.csv"))
    page.get_by_test_id("start-import").click()

    expect(page.get_by_test_id("job-succeeded")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jira import into OS2alfa")
    expect(page.get_by_test_id("count-rows")).to_have_text("5")
    expect(page.get_by_test_id("count-created")).to_have_text("5")
    expect(page.get_by_test_id("count-updated")).to_have_text("0")
    expect(page.get_by_test_id("count-unchanged")).to_have_text("0")
    assert page.get_by_test_id("dry-run-notice").count() == 0
    assert axe_violations(page) == []

    page.get_by_test_id("back-to-backlog").click()
    expect(page.get_by_test_id("result-count")).to_have_text("5 wishes found")
    titles = page.get_by_test_id("backlog-row").locator("td:nth-child(2) a").all_inner_texts()
    assert "Export the case list to PDF" in titles
    assert "The search field loses focus after typing" in titles
    assert Wish.objects.filter(product=world.alfa).count() == 5

    # The later export updates the same wishes and adds the new issue.
    _open_upload_page(page)
    page.get_by_label("Jira CSV export").set_input_files(sample_path("english_export_later.csv"))
    page.get_by_test_id("start-import").click()
    expect(page.get_by_test_id("count-created")).to_have_text("1")
    expect(page.get_by_test_id("count-updated")).to_have_text("3")
    expect(page.get_by_test_id("count-unchanged")).to_have_text("2")
    assert Wish.objects.filter(product=world.alfa).count() == 6
    assert recorded_page.foreign_requests() == []
    assert english == []


def test_a_dry_run_and_a_file_with_row_errors_write_nothing(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    page = recorded_page.page
    log_in(page, world["tovholder"].email)
    _open_upload_page(page)
    page.get_by_label("Jira CSV export").set_input_files(sample_path("english_export.csv"))
    page.get_by_label("Dry run: show what would change, write nothing").check()
    page.get_by_test_id("start-import").click()
    expect(page.get_by_test_id("dry-run-notice")).to_contain_text("Dry run: nothing was written")
    expect(page.get_by_test_id("count-created")).to_have_text("5")
    assert axe_violations(page) == []

    page.get_by_test_id("upload-again").click()
    page.get_by_label("Jira CSV export").set_input_files(sample_path("unknown_date.csv"))
    page.get_by_test_id("start-import").click()
    expect(page.get_by_test_id("job-failed")).to_contain_text("2 row errors")
    expect(page.get_by_test_id("row-error")).to_have_count(2)
    expect(page.get_by_test_id("nothing-imported")).to_be_visible()
    assert axe_violations(page) == []
    assert not Wish.objects.exists()
    assert english == []
