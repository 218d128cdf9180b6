"""The level pages: the public compliance page, the tovholder's answer form, the
secretariat's verification form, the evidence files and the secretariat's overview."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from os2gov.core.models import AuditEvent
from os2gov.governance import services as governance
from os2gov.levels import services
from os2gov.levels.compliance import recompute_product_level
from os2gov.levels.evidence import MAX_EVIDENCE_FILE_SIZE
from os2gov.levels.models import Answer, EvidenceFile, Verification
from tests.governance import factories as f
from tests.levels.conftest import (
    TODAY,
    URL,
    LevelWorld,
    answer_met,
    approve,
    build_world,
    satisfy_manual,
    verify,
)
from tests.levels.helpers import PDF, between, page_queries
from tests.levels.helpers import fragment_text as text

pytestmark = pytest.mark.django_db

PAGE = "/produkter/os2niveau/niveau/"
ANSWER = "/produkter/os2niveau/niveau/N1-DOCUMENTATION/svar/"
VERIFY = "/produkter/os2niveau/niveau/N1-DOCUMENTATION/verificer/"
OVERVIEW = "/produkter/niveauer/"
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOVHOLDER_ONLY = "Only the tovholder of OS2niveau's coordination group can do this."
SECRETARIAT_ONLY = "Only the secretariat can verify this."


def criterion_row(html: str, key: str) -> str:
    return between(html, f'data-testid="criterion-{key}"', "</tr>")


def page_text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def leave_steering_group(world: LevelWorld) -> None:
    """Both board members leave the steering group (their last day was yesterday)."""
    for key in ("steering_board_a", "steering_board_b"):
        membership = world.memberships[key]
        membership.group = world.steering
        governance.membership_end(actor=world.secretariat, membership=membership, ends_on=YESTERDAY)
    recompute_product_level(world.product)


# --- The compliance page (public) -------------------------------------------------------------


def test_prd05_the_compliance_page_is_public_and_says_why_per_level(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Product level of OS2niveau" in html
    for code in ("N1", "N2", "N3"):
        assert f'id="level-{code}"' in html
    assert text(between(html, 'data-testid="held-level"', "</td>")).strip() == (
        "N1 – Take it as it is"
    )
    assert "Held" in between(html, 'data-testid="level-state-N1"', "</p>")
    # A structural criterion shows its reason in words.
    row = text(criterion_row(html, "N2-STEERING-GROUP-BOARD-LINK"))
    assert "The steering group has members from the board or appointed by it" in row
    assert "Bodil Bestyrelse" in row
    # A manual one shows its answer, evidence link and verification.
    row = criterion_row(html, "N1-DOCUMENTATION")
    assert f'href="{URL}"' in row
    assert "Green: the evidence confirms the answer" in row
    assert "Verified by Sune Sekretariat" in text(row)
    # What is missing for the levels not held, in words.
    missing = between(html, 'data-testid="missing-N2"', "</ul>")
    assert "N2-BEST-PRACTICE-ROLLOUT-OPERATION</a>: Not answered." in missing
    assert 'data-testid="missing-N1"' not in html
    # Nobody may answer or verify here without the mandate.
    assert "answer-link-" not in html and "verify-link-" not in html


def test_prd05_self_assessed_progress_is_shown_beside_the_verified_never_mixed(
    world: LevelWorld, client: Client
) -> None:
    for criterion in world.manual_criteria("N1")[:3]:
        answer_met(world, criterion)
    html = client.get(PAGE).content.decode()
    # Three of seven N1 criteria answered, none verified.
    assert text(between(html, 'data-testid="progress-N1"', "</strong>")).strip() == "0 %"
    assert text(between(html, 'data-testid="self-assessed-N1"', "</strong>")).strip() == "42 %"
    row = text(criterion_row(html, world.manual_criteria("N1")[0].key))
    assert "Self-assessed only" in row
    assert "not yet verified by the secretariat" in row


def test_the_flag_when_the_approved_level_is_not_held(world: LevelWorld, client: Client) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    assert 'data-testid="below-approved"' not in client.get(PAGE).content.decode()
    leave_steering_group(world)
    html = client.get(PAGE).content.decode()
    assert "Does not live up to its approved level" in html
    assert "OS2niveau is approved at N2" in html
    row = text(criterion_row(html, "N2-STEERING-GROUP-BOARD-LINK"))
    assert (
        "The steering group has no member from the board or appointed by it since "
        f"{TODAY.strftime('%m/%d/%Y')}." in row
    )
    assert "lost on" in between(html, 'data-testid="level-state-N2"', "</p>")


def test_a_deviation_is_shown_with_its_reason_and_expiry(world: LevelWorld, client: Client) -> None:
    criterion = world.manual_criteria("N1")[0]
    services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=criterion,
        reason="Materialet skrives om.",
        expires_on=TODAY + datetime.timedelta(days=90),
    )
    row = text(criterion_row(client.get(PAGE).content.decode(), criterion.key))
    assert "Deviation: Materialet skrives om." in row
    assert "accepted by the business committee until" in row


def test_an_unknown_product_is_404(db: None, client: Client) -> None:
    assert client.get("/produkter/ukendt/niveau/").status_code == 404


def test_the_links_to_answer_and_verify_show_for_the_mandate_holders(
    world: LevelWorld, client: Client
) -> None:
    answer_met(world, world.manual_criteria("N1")[0])
    client.force_login(world.tovholder)
    html = client.get(PAGE).content.decode()
    assert 'data-testid="answer-link-N1-DOCUMENTATION"' in html
    assert "verify-link-" not in html
    client.force_login(world.secretariat)
    html = client.get(PAGE).content.decode()
    assert "answer-link-" not in html
    key = world.manual_criteria("N1")[0].key
    assert f'data-testid="verify-link-{key}"' in html
    # Only answered criteria can be verified.
    assert 'data-testid="verify-link-N1-DOCUMENTATION"' not in html


# --- Answering (the tovholder) -----------------------------------------------------------------


def post_answer(client: Client, **data: object) -> object:
    payload: dict[str, object] = {
        "status": "met",
        "justification": "Vejledningen ligger offentligt.",
        "evidence_urls": "https://docs.example.org/os2niveau/vejledning\n",
    }
    payload.update(data)
    return client.post(ANSWER, {k: v for k, v in payload.items() if v is not None})


def test_prd02_the_tovholder_answers_with_links_and_a_file_and_progress_changes(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.tovholder)
    page = client.get(ANSWER)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="answer-form"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "A link to the evidence is required before it can be answered “met”." in html
    before = client.get(PAGE).content.decode()
    assert text(between(before, 'data-testid="self-assessed-N1"', "</strong>")).strip() == "0 %"

    upload = SimpleUploadedFile("vejledning.pdf", PDF, content_type="application/pdf")
    response = post_answer(
        client,
        evidence_urls="https://docs.example.org/a\n\nhttps://docs.example.org/b",
        evidence_files=upload,
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == f"{PAGE}#criterion-N1-DOCUMENTATION"  # type: ignore[index]
    answer = Answer.objects.get(product=world.product, criterion__key="N1-DOCUMENTATION")
    assert answer.status == "met"
    assert answer.evidence_urls == ["https://docs.example.org/a", "https://docs.example.org/b"]
    assert answer.answered_by == world.tovholder
    assert [e.name for e in answer.files.all()] == ["vejledning.pdf"]
    after = client.get(PAGE).content.decode()
    assert "The answer to N1-DOCUMENTATION was saved." in after
    assert text(between(after, 'data-testid="self-assessed-N1"', "</strong>")).strip() == "14 %"
    assert text(between(after, 'data-testid="progress-N1"', "</strong>")).strip() == "0 %"
    evidence = answer.files.get()
    assert f"/produkter/os2niveau/niveau/bilag/{evidence.pk}/" in criterion_row(
        after, "N1-DOCUMENTATION"
    )


def test_prd02_the_answer_form_is_refused_for_others_naming_the_holder(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.steering_member)
    page = client.get(ANSWER)
    assert page.status_code == 403
    html = page_text(page)
    assert TOVHOLDER_ONLY in html
    assert 'data-testid="answer-form"' not in html
    events = AuditEvent.objects.count()
    refused = post_answer(client)
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert TOVHOLDER_ONLY in page_text(refused)
    # Refused before the form is read: even invalid input gets the refusal, not errors.
    assert post_answer(client, status="bogus").status_code == 403  # type: ignore[attr-defined]
    assert not Answer.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_answer_form_needs_a_login(world: LevelWorld, client: Client) -> None:
    response = client.get(ANSWER)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(ANSWER, {"status": "met"}).status_code == 302
    assert not Answer.objects.exists()


def test_prd02_met_without_the_required_url_names_the_field(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.tovholder)
    response = post_answer(client, evidence_urls="")
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    error = text(between(html, 'data-testid="error-evidence_urls"', "<textarea"))
    assert (
        "N1-DOCUMENTATION requires a link to the evidence before it can be answered “met”." in error
    )
    assert 'aria-invalid="true"' in html
    assert not Answer.objects.exists()


def test_prd02_an_upload_over_the_size_limit_names_the_field(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.tovholder)
    big = SimpleUploadedFile(
        "stor.pdf", PDF + b"0" * MAX_EVIDENCE_FILE_SIZE, content_type="application/pdf"
    )
    response = post_answer(client, evidence_files=big)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    error = text(between(html, 'data-testid="error-evidence_files"', '<input type="file"'))
    assert "stor.pdf is 10.0 MB; a file can be at most 10 MB." in error
    assert not Answer.objects.exists() and not EvidenceFile.objects.exists()


def test_prd02_an_upload_of_a_forbidden_type_names_the_field(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.tovholder)
    script = SimpleUploadedFile("makro.exe", b"MZ\x90\x00", content_type="application/x-msdos")
    response = post_answer(client, evidence_files=script)
    assert response.status_code == 400  # type: ignore[attr-defined]
    error = text(
        between(
            response.content.decode(),  # type: ignore[attr-defined]
            'data-testid="error-evidence_files"',
            '<input type="file"',
        )
    )
    assert "makro.exe: files of this type cannot be uploaded" in error
    assert not Answer.objects.exists()


def test_an_answer_changed_meanwhile_is_not_overwritten(world: LevelWorld, client: Client) -> None:
    client.force_login(world.tovholder)
    answer_met(world, world.manual_criteria("N1")[0])  # another criterion: unaffected
    documentation = next(c for c in world.manual_criteria("N1") if c.key == "N1-DOCUMENTATION")
    answer_met(world, documentation)
    # The form was opened before that answer existed.
    response = post_answer(client, justification="Mit eget svar.")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Someone else answered this criterion after you opened it." in (
        response.content.decode()  # type: ignore[attr-defined]
    )
    assert Answer.objects.get(criterion=documentation).justification == "Dokumenteret."


def test_a_structural_criterion_has_no_answer_form(world: LevelWorld, client: Client) -> None:
    client.force_login(world.tovholder)
    url = "/produkter/os2niveau/niveau/N2-USED-BY-TWO-MUNICIPALITIES/svar/"
    assert client.get(url).status_code == 404


# --- Verifying (the secretariat) ---------------------------------------------------------------


def test_prd05_the_secretariat_verifies_an_answer(world: LevelWorld, client: Client) -> None:
    documentation = next(c for c in world.manual_criteria("N1") if c.key == "N1-DOCUMENTATION")
    answer = answer_met(world, documentation)
    client.force_login(world.secretariat)
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert 'data-testid="verify-form"' in page.content.decode()
    response = client.post(
        VERIFY, {"rating": "yellow", "basis": "Kun installationen.", "revision": "1"}
    )
    assert response.status_code == 302
    verification = Verification.objects.get(answer=answer)
    assert (verification.rating, verification.verified_by) == ("yellow", world.secretariat)
    row = text(criterion_row(client.get(PAGE).content.decode(), "N1-DOCUMENTATION"))
    assert "Yellow: confirmed only in part; to be improved" in row
    assert "Kun installationen." in row


def test_prd05_verification_by_anyone_outside_the_secretariat_is_refused(
    world: LevelWorld, client: Client
) -> None:
    answer_met(world, next(c for c in world.manual_criteria("N1") if c.key == "N1-DOCUMENTATION"))
    client.force_login(world.tovholder)
    page = client.get(VERIFY)
    assert page.status_code == 403
    assert SECRETARIAT_ONLY in page.content.decode()
    assert 'data-testid="verify-form"' not in page.content.decode()
    response = client.post(VERIFY, {"rating": "green", "basis": "Fint.", "revision": "1"})
    assert response.status_code == 403
    assert SECRETARIAT_ONLY in response.content.decode()
    assert not Verification.objects.exists()


def test_the_verification_form_names_missing_fields(world: LevelWorld, client: Client) -> None:
    answer_met(world, next(c for c in world.manual_criteria("N1") if c.key == "N1-DOCUMENTATION"))
    client.force_login(world.secretariat)
    response = client.post(VERIFY, {"rating": "purple", "basis": "", "revision": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-rating"' in html
    assert 'data-testid="error-basis"' in html
    assert not Verification.objects.exists()


def test_a_changed_answer_is_not_verified_from_an_old_form(
    world: LevelWorld, client: Client
) -> None:
    documentation = next(c for c in world.manual_criteria("N1") if c.key == "N1-DOCUMENTATION")
    answer_met(world, documentation)
    answer_met(world, documentation, justification="Ændret.", expected_revision=1)
    client.force_login(world.secretariat)
    response = client.post(VERIFY, {"rating": "green", "basis": "Fint.", "revision": "1"})
    assert response.status_code == 400
    assert "The answer changed after you opened it" in response.content.decode()
    assert not Verification.objects.exists()


def test_nothing_to_verify_before_an_answer(world: LevelWorld, client: Client) -> None:
    client.force_login(world.secretariat)
    page = client.get(VERIFY)
    assert page.status_code == 200
    html = page.content.decode()
    assert "The product has not answered this criterion yet." in html
    assert 'data-testid="verify-form"' not in html


# --- Evidence files ----------------------------------------------------------------------------


def test_evidence_files_are_served_to_the_products_groups_and_the_secretariat_only(
    world: LevelWorld, client: Client
) -> None:
    documentation = next(c for c in world.manual_criteria("N1") if c.key == "N1-DOCUMENTATION")
    answer_met(
        world,
        documentation,
        files=[SimpleUploadedFile("bilag.pdf", PDF, content_type="application/pdf")],
    )
    evidence = EvidenceFile.objects.get()
    url = f"/produkter/os2niveau/niveau/bilag/{evidence.pk}/"
    # The public page says there is a file, without linking to it.
    public = client.get(PAGE).content.decode()
    assert url not in public
    assert "1 evidence file, shown to the members of the product's groups" in text(public)
    assert client.get(url).status_code == 302  # to the login page
    for person in (world.tovholder, world.steering_member, world.secretariat):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Disposition"].startswith("attachment")
        assert url in client.get(PAGE).content.decode()
    outsider = f.person(f.municipality(), "Otto Udenfor")
    client.force_login(outsider)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "Evidence files are shown to the members of OS2niveau's groups" in page_text(refused)
    # A file of another product is not found under this one.
    other = build_world(name="OS2andet")
    assert client.get(
        f"/produkter/{other.product.slug}/niveau/bilag/{evidence.pk}/"
    ).status_code == (404)


# --- The secretariat's overview ----------------------------------------------------------------


def test_the_overview_is_the_secretariats(world: LevelWorld, client: Client) -> None:
    assert client.get(OVERVIEW).status_code == 302
    client.force_login(world.tovholder)
    refused = client.get(OVERVIEW)
    assert refused.status_code == 403
    assert "Only the secretariat can see the overview of product levels." in (
        refused.content.decode()
    )
    assert 'data-testid="overview-table"' not in refused.content.decode()


def test_prd05_the_overview_flags_products_below_their_approved_level(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    fine = build_world(name="OS2fint")
    satisfy_manual(fine, "N1")
    recompute_product_level(fine.product)
    leave_steering_group(world)
    client.force_login(world.secretariat)
    html = client.get(OVERVIEW).content.decode()
    assert html.count("<h1") == 1
    row = text(between(html, 'data-testid="overview-os2niveau"', "</tr>"))
    assert "N2 N1" in row
    assert "No: does not live up to its approved level" in row
    assert "Towards N2: 92 % verified, 92 % self-assessed" in row
    assert "No level approved" in text(between(html, 'data-testid="overview-os2fint"', "</tr>"))
    # The last evaluation of each.
    assert (TODAY - datetime.timedelta(days=30)).strftime("%m/%d/%Y") in row
    flagged = client.get(OVERVIEW, {"below": "1"}).content.decode()
    assert 'data-testid="overview-os2niveau"' in flagged
    assert 'data-testid="overview-os2fint"' not in flagged


def test_the_overview_is_paginated(world: LevelWorld, client: Client) -> None:
    for number in range(26):
        f.product(f"OS2side{number:02d}")
    client.force_login(world.secretariat)
    first = client.get(OVERVIEW).content.decode()
    assert 'data-testid="pagination"' in first
    assert "27 products" in first
    second = client.get(OVERVIEW, {"page": "2"}).content.decode()
    assert second.count('data-testid="overview-os2') == 2


# --- Query counts -------------------------------------------------------------------------------


def _grow(n: int) -> None:
    for _i in range(n):
        other = build_world(name=f"OS2vækst{f.product().pk}")
        satisfy_manual(other, "N1")
        recompute_product_level(other.product)


def test_query_counts_do_not_grow_with_products_or_answers(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.secretariat)
    urls = [PAGE, OVERVIEW, "/produkter/os2niveau/"]
    answer_met(world, world.manual_criteria("N1")[0])
    _grow(1)
    few = [page_queries(client, url) for url in urls]
    _grow(3)
    satisfy_manual(world, "N2", "N3")
    for criterion in world.manual_criteria("N1")[1:]:
        answer_met(world, criterion)
    for criterion in world.manual_criteria("N1"):
        answer = Answer.objects.get(product=world.product, criterion=criterion)
        services.answer_save(
            actor=world.tovholder,
            product=world.product,
            criterion=criterion,
            status="met",
            justification="Med bilag.",
            evidence_urls=[URL],
            files=[SimpleUploadedFile("bilag.pdf", PDF, content_type="application/pdf")],
            expected_revision=answer.revision,
        )
        verify(world, Answer.objects.get(pk=answer.pk))
    many = [page_queries(client, url) for url in urls]
    assert many == few
