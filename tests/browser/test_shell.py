import pytest

from tests.browser.conftest import RecordedPage, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_front_page_renders_in_danish_from_own_host(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text() != ""
    assert recorded_page.foreign_requests() == []
    assert axe_violations(page) == []
