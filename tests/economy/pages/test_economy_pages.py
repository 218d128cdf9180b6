"""The economy pages: a product's frame and what is committed against it (ECO-01, ECO-02,
ECO-04, ECO-05, WSH-10), the steering group's frame form, and every product's economy for
the secretariat (ECO-03). Amounts are Decimal; the page shows them to the øre."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from os2gov.economy.models import EconomicFrame, FundingLineKind, Pledge
from os2gov.economy.selectors import frame_status
from tests.authority.conftest import make_product
from tests.wishes.pages.helpers import client_for, text
from tests.wishes.world import (
    LARGE,
    WishWorld,
    agree,
    commit,
    make_frame,
    make_wish,
    this_year,
)

ECONOMY = "/produkter/os2alfa/oekonomi/"
FRAME = "/produkter/os2alfa/oekonomi/ramme/"


def _value(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">(?:<strong>)?([^<]+)<', html)
    assert found, testid
    return found.group(1)


def _committed_world(world: WishWorld) -> None:
    """A started wish on the group's own mandate (50,000.00), an approved one by the
    steering group (300,000.00) and 20,000.00 pledged to a prioritised one."""
    started = make_wish(
        world,
        state="started",
        title="Eksport til CSV",
        ready_to_start=True,
        order_reference="ORD-17",
        invoice_reference="FAK-9",
    )
    commit(world, started)
    approved = make_wish(world, state="approved", title="Ny sagsgang", approved_amount=LARGE)
    commit(world, approved, mandate="wish.approve")
    prioritised = make_wish(world, state="prioritised", title="Mørk tilstand")
    Pledge.objects.create(
        wish=prioritised,
        organisation=world.sydby,
        person=world["sydby_user"],
        amount=Decimal("20000.00"),
        conditions="Leveret i år.",
    )


def test_eco01_eco02_eco05_the_page_shows_the_frame_committed_and_available(
    world: WishWorld,
) -> None:
    _committed_world(world)
    html = client_for(world, "steering_group_member").get(ECONOMY).content.decode()
    assert _value(html, "contributions-total") == "DKK 400,000.00"
    assert _value(html, "other-funding") == "DKK 100,000.00"
    assert _value(html, "coordinator") == "DKK 50,000.00"
    assert _value(html, "frame-total") == "DKK 450,000.00"
    assert _value(html, "committed") == "DKK 350,000.00"
    assert _value(html, "available") == "DKK 100,000.00"
    assert _value(html, "own-limit") == "DKK 150,000.00"
    assert _value(html, "own-committed") == "DKK 50,000.00"
    assert _value(html, "can-commit") == "DKK 100,000.00"
    assert _value(html, "open-pledges") == "DKK 20,000.00"
    # The page says what the selector computes, to the øre.
    status = frame_status(world.alfa, this_year())
    assert status.available == Decimal("100000.00")
    page = text(html)
    for municipality in ("Prøvested Kommune", "Nordby Kommune", "Sydby Kommune", "Østby Kommune"):
        assert f"Connection agreement: {municipality}" in page
    assert "Frikøbt produktkoordinator" in page and "−DKK 50,000.00" in page
    assert 'data-testid="set-frame"' in html


def test_eco01_a_part_year_agreement_contributes_its_share(world: WishWorld) -> None:
    extra = make_product("OS2gamma", "os2gamma")
    year = this_year()
    agree(
        extra,
        world.nordby,
        starts_on=datetime.date(year, 7, 1),
        annual_contribution=Decimal("36500.00"),
    )
    frame = make_frame(extra, world["secretariat_staff"], limit=Decimal("0"), other=Decimal("0"),
                       coordinator=Decimal("0"))  # fmt: skip
    html = client_for(world, "secretariat_staff").get("/produkter/os2gamma/oekonomi/").content
    days = (frame_status(extra, year).contributions[0]).days
    expected = (Decimal("36500.00") * days / (366 if year % 4 == 0 else 365)).quantize(
        Decimal("0.01")
    )
    assert _value(html.decode(), "contributions-total") == f"DKK {expected:,.2f}"
    assert frame.year == year


def test_eco04_the_committed_wishes_name_orderer_supplier_approver_and_references(
    world: WishWorld,
) -> None:
    _committed_world(world)
    html = client_for(world, "secretariat_staff").get(ECONOMY).content.decode()
    rows = html[html.index('data-testid="committed-wishes"') :]
    rows = rows[: rows.index("</table>")]
    assert rows.count('data-testid="committed-row"') == 2
    first = text(rows[rows.index("Eksport til CSV") :])
    for fragment in ("Tovholder", "Kodeværket A/S", "Coordination Group Member", "ORD-17",
                     "FAK-9", "Coordination group", "DKK 50,000.00"):  # fmt: skip
        assert fragment in first
    assert "Steering group" in text(rows[rows.index("Ny sagsgang") :])
    assert "Mørk tilstand" in text(html[html.index('data-testid="open-pledge-list"') :])


def test_eco03_the_economy_is_shown_to_the_groups_and_the_secretariat_only(
    world: WishWorld,
) -> None:
    for role in ("steering_group_member", "coordination_group_member", "secretariat_staff"):
        assert client_for(world, role).get(ECONOMY).status_code == 200, role
    response = client_for(world, "nordby_user").get(ECONOMY)
    assert response.status_code == 403
    assert (
        "The economy of OS2alfa is shown to its steering group, its coordination group and "
        "the OS2 secretariat." in text(response.content.decode())
    )
    assert 'data-testid="frame-total"' not in response.content.decode()
    assert client_for().get(ECONOMY).status_code == 302


def test_a_year_without_a_frame_says_so(world: WishWorld) -> None:
    html = (
        client_for(world, "steering_group_member")
        .get(ECONOMY, {"year": str(this_year() + 1)})
        .content.decode()
    )
    assert 'data-testid="no-frame"' in html
    assert _value(html, "frame-total") == "DKK 0.00"


def test_eco02_the_frame_form_is_the_steering_groups(world: WishWorld) -> None:
    response = client_for(world, "coordination_group_member").get(FRAME)
    assert response.status_code == 403
    assert "Only the steering group of OS2alfa can do this." in text(response.content.decode())
    response = client_for(world, "coordination_group_member").post(
        FRAME, {"coordination_group_limit": "1"}
    )
    assert response.status_code == 403
    assert EconomicFrame.objects.get(product=world.alfa).coordination_group_limit == Decimal(
        "150000.00"
    )
    html = client_for(world, "coordination_group_member").get(ECONOMY).content.decode()
    assert 'data-testid="set-frame"' not in html
    # GRP-08: OS2beta has no steering group, so its coordination group sets the frame.
    assert (
        client_for(world, "beta_coordination_member")
        .get("/produkter/os2beta/oekonomi/ramme/")
        .status_code
        == 200
    )


def _frame_post(version: int | str = "", **lines: str) -> dict[str, str]:
    data = {
        "coordination_group_limit": "120000",
        "note": "Vedtaget på mødet.",
        "loaded_version": str(version),
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
    }
    data = {k.replace("form-", "lines-"): v for k, v in data.items()}
    for index in range(3):
        data.update({f"lines-{index}-kind": "other", f"lines-{index}-label": "",
                     f"lines-{index}-amount": ""})  # fmt: skip
    data.update(lines)
    return data


def test_eco01_eco05_the_steering_group_sets_next_years_frame(world: WishWorld) -> None:
    year = this_year() + 1
    client = client_for(world, "steering_group_member")
    html = client.get(FRAME, {"year": str(year)}).content.decode()
    assert "The connection agreements contribute DKK 400,000.00" in text(html)
    response = client.post(
        f"{FRAME}?year={year}",
        _frame_post(
            **{
                "lines-0-label": "Pulje fra KL",
                "lines-0-amount": "75000.50",
                "lines-1-kind": FundingLineKind.PRODUCT_COORDINATOR,
                "lines-1-label": "Frikøbt koordinator",
                "lines-1-amount": "60000",
            }
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{ECONOMY}?year={year}"
    frame = EconomicFrame.objects.get(product=world.alfa, year=year)
    assert frame.coordination_group_limit == Decimal("120000.00")
    assert [(line.kind, line.label, line.amount) for line in frame.funding_lines.all()] == [
        (FundingLineKind.OTHER, "Pulje fra KL", Decimal("75000.50")),
        (FundingLineKind.PRODUCT_COORDINATOR, "Frikøbt koordinator", Decimal("60000.00")),
    ]
    html = client.get(ECONOMY, {"year": str(year)}).content.decode()
    assert _value(html, "frame-total") == "DKK 415,000.50"


def test_the_frame_form_shows_errors_where_they_belong_and_writes_nothing(
    world: WishWorld,
) -> None:
    client = client_for(world, "steering_group_member")
    frame = world.alfa_frame
    response = client.post(
        FRAME,
        _frame_post(
            frame.version,
            **{"lines-0-label": "Pulje", "lines-0-amount": "abc",
               "lines-2-kind": FundingLineKind.PRODUCT_COORDINATOR,
               "lines-2-amount": "900000"},
        ),
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_lines-0-amount_error"' in html
    assert "Enter an amount in kroner, e.g. 125000.50." in text(html)
    assert "The paid product coordinator is funded from the connection agreements" in text(html)
    frame.refresh_from_db()
    assert frame.coordination_group_limit == Decimal("150000.00")
    assert frame.funding_lines.count() == 2

    response = client.post(FRAME, _frame_post(frame.version, coordination_group_limit="9999999"))
    assert response.status_code == 400
    assert 'data-testid="error-coordination_group_limit"' in response.content.decode()
    # An edit on top of a newer version is refused, not silently applied.
    response = client.post(FRAME, _frame_post(frame.version - 1 if frame.version > 1 else 99))
    assert response.status_code == 400
    assert "Someone changed the" in text(response.content.decode())
    frame.refresh_from_db()
    assert frame.coordination_group_limit == Decimal("150000.00")


def test_eco03_the_secretariat_sees_every_products_economy_with_totals(world: WishWorld) -> None:
    _committed_world(world)
    client = client_for(world, "secretariat_staff")
    client.get("/oekonomi/")
    with CaptureQueriesContext(connection) as two_products:
        html = client.get("/oekonomi/").content.decode()
    assert html.count('data-testid="economy-row"') == 2
    totals = text(html[html.index('data-testid="economy-totals">') :])
    assert "All products DKK 450,000.00 DKK 350,000.00 DKK 100,000.00 DKK 20,000.00" in totals
    assert "No frame set" in text(html)  # OS2beta
    for number in range(5):
        product = make_product(f"OS2ekstra{number}", f"os2ekstra{number}")
        agree(product, world.nordby)
        make_frame(product, world["secretariat_staff"])
    with CaptureQueriesContext(connection) as seven_products:
        html = client.get("/oekonomi/").content.decode()
    assert html.count('data-testid="economy-row"') == 7
    assert len(two_products) == len(seven_products)
    # A steering group member sees their own product only; a municipal user none.
    html = client_for(world, "steering_group_member").get("/oekonomi/").content.decode()
    assert html.count('data-testid="economy-row"') == 1
    html = client_for(world, "nordby_user").get("/oekonomi/").content.decode()
    assert 'data-testid="no-economy"' in html
