"""Editing wishes in a real browser: the submitter edits the wish's text and attaches a
file, which then appears on the wish page; the coordination group changes a priority
weight and the backlog's order follows (WSH-02). axe-core finds nothing serious on the
edit page and the weights page; no request leaves the site; no script error.

Transactional tests end with a flush: the fixture builds its own world.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from os2gov.wishes.models import Wish, WishAttachment, WishState
from os2gov.wishes.services import priority_refresh
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import log_in
from tests.wishes.world import WishWorld, build_wish_world, make_wish

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n% Et fiktivt notat\n"


@pytest.fixture
def world(transactional_db: Any) -> WishWorld:
    return build_wish_world()


def _backlog_titles(page: Page) -> list[str]:
    page.goto("/oensker/os2alfa/")
    return page.get_by_test_id("backlog-row").locator("td:nth-child(2) a").all_inner_texts()


def test_the_submitter_edits_and_attaches_and_the_group_weighs(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    page = recorded_page.page
    wish = make_wish(world, title="Eksport af sager")
    make_wish(
        world,
        state=WishState.UNDER_REVIEW,
        title="Bred",
        benefit_score=1,
        supported_by=(world.municipality, world.nordby, world.sydby, world.ostby),
    )
    make_wish(world, state=WishState.UNDER_REVIEW, title="Nyttig", benefit_score=5)
    priority_refresh(world.alfa)
    wish_path = f"/oensker/os2alfa/{wish.pk}/"

    # The submitter edits the wish's text.
    log_in(page, world["municipality_user"].email)
    page.goto(wish_path)
    page.get_by_test_id("edit-link").click()
    expect(page.get_by_test_id("edit-form")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#id_title").fill("Eksport af sager til CSV")
    page.locator("#id_description").fill("Sagsbehandlere vil eksportere deres sager.")
    page.get_by_test_id("save-wish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eksport af sager til CSV")
    expect(page.get_by_test_id("description")).to_contain_text("eksportere deres sager")
    expect(page.get_by_test_id("timeline")).to_contain_text("Edited: title, description")

    # … and attaches a file, which then appears on the wish page.
    page.get_by_test_id("attachments-link").click()
    page.locator("#id_file").set_input_files(
        {"name": "notat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("attach-file").click()
    expect(page.get_by_test_id("attachment-table")).to_contain_text("notat.pdf")
    assert axe_violations(page) == []
    page.goto(wish_path)
    expect(page.get_by_test_id("attachments")).to_contain_text("notat.pdf")
    assert WishAttachment.objects.get().wish_id == wish.pk
    assert Wish.objects.get(pk=wish.pk).title == "Eksport af sager til CSV"

    # The coordination group weighs benefit higher; the backlog's order follows.
    assert _backlog_titles(page)[:2] == ["Bred", "Nyttig"]
    log_in(page, world["coordination_group_member"].email)
    page.goto("/oensker/os2alfa/prioritering/")
    page.get_by_test_id("weights-link").click()
    expect(page.get_by_test_id("weights-form")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#id_benefit").fill("8")
    page.get_by_test_id("save-weights").click()
    expect(page.get_by_test_id("weight-benefit")).to_have_text("8")
    assert axe_violations(page) == []
    assert _backlog_titles(page)[:2] == ["Nyttig", "Bred"]

    assert recorded_page.foreign_requests() == []
    assert english == []


def test_a_refused_weighing_shows_who_may(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    page = recorded_page.page
    log_in(page, world["supplier_representative"].email)
    page.goto("/oensker/os2alfa/prioritering/vaegte/")
    expect(page.get_by_test_id("composition")).to_be_visible()
    expect(page.get_by_test_id("who-sets-weights")).to_contain_text(
        "Only the public-authority members of the coordination group of OS2alfa"
    )
    assert page.get_by_test_id("weights-form").count() == 0
    assert axe_violations(page) == []
    assert english == []
