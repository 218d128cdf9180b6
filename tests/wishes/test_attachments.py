"""Attachments on wishes: who may attach and remove (the submitting municipality while the
wish is submitted or under review, the coordination group until it is final, never a
supplier as such), the type and size limits, the trail a removed file leaves, and the view
that serves the files."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.wishes.models import Wish, WishAttachment, WishEvent, WishEventKind, WishState
from os2gov.wishes.services.attachments import (
    MAX_ATTACHMENT_SIZE,
    wish_attachment_add,
    wish_attachment_remove,
)
from tests.authority.conftest import make_person
from tests.wishes.pages.helpers import client_for, text, wish_url
from tests.wishes.world import WishWorld, make_wish

PDF = b"%PDF-1.4\n% Et fiktivt notat\n"
GROUP_ONLY = "Only the public-authority members of the coordination group of OS2alfa"


def pdf(name: str = "notat.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def attachments_url(wish: Wish) -> str:
    return reverse("wishes:attachments", args=[wish.product.slug, wish.pk])


def download_url(attachment: WishAttachment) -> str:
    wish = attachment.wish
    return reverse("wishes:attachment", args=[wish.product.slug, wish.pk, attachment.pk])


def colleague(world: WishWorld) -> Any:
    """A person of the submitting municipality (Prøvested) in no group."""
    return make_person("kollega@proevested.example.org", "Karen Kollega", world.municipality)


def nothing_written() -> None:
    assert not WishAttachment.objects.exists()
    assert not WishEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="wish.attachment").exists()


# --- who may attach ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "state", "allowed"),
    [
        ("municipality_user", WishState.SUBMITTED, True),  # the submitter
        ("municipality_user", WishState.UNDER_REVIEW, True),
        ("municipality_user", WishState.PRIORITISED, False),
        ("colleague", WishState.SUBMITTED, True),
        ("colleague", WishState.PRIORITISED, False),
        ("coordination_group_member", WishState.SUBMITTED, True),
        ("coordination_group_member", WishState.IN_DELIVERY, True),
        ("nordby_user", WishState.SUBMITTED, False),
        ("supplier_representative", WishState.SUBMITTED, False),  # through the group (WSH-05)
        ("anonymous", WishState.SUBMITTED, False),
    ],
)
def test_who_may_attach(world: WishWorld, role: str, state: str, allowed: bool) -> None:
    wish = make_wish(world, state=state)
    actor = colleague(world) if role == "colleague" else world[role]
    if allowed:
        attachment = wish_attachment_add(wish=wish, actor=actor, file=pdf())
        assert attachment.original_name == "notat.pdf"
        assert attachment.content_type == "application/pdf"
        assert attachment.size == len(PDF)
        assert attachment.file.read() == PDF
        event = WishEvent.objects.get(wish=wish)
        assert event.kind == WishEventKind.EDITED
        assert "Attached “notat.pdf”" in event.text
        audit = AuditEvent.objects.get(action="wish.attachment.add")
        if role == "coordination_group_member":
            assert audit.mandate.startswith("wish.prioritise:")
        else:
            assert audit.mandate == ""
    else:
        with pytest.raises(MandateRefused) as refused:
            wish_attachment_add(wish=wish, actor=actor, file=pdf())
        assert str(refused.value).startswith(GROUP_ONLY)
        assert "people from Prøvested Kommune, which submitted it" in str(refused.value)
        nothing_written()


def test_nothing_is_attached_to_a_final_wish(world: WishWorld) -> None:
    wish = make_wish(world, state=WishState.CLOSED)
    with pytest.raises(ValidationError) as refused:
        wish_attachment_add(wish=wish, actor=world["coordination_group_member"], file=pdf())
    assert refused.value.message_dict["file"] == [
        "The wish is final: nothing more can be attached."
    ]
    nothing_written()


# --- the type and size limits --------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "code", "message"),
    [
        (
            SimpleUploadedFile("stor.pdf", PDF + b"x" * MAX_ATTACHMENT_SIZE),
            "too_large",
            "a file can be at most 10 MB",
        ),
        (
            SimpleUploadedFile("side.html", b"<script>alert(1)</script>"),
            "file_type",
            "files of this type cannot be attached",
        ),
        (SimpleUploadedFile("program.exe", b"MZ\x90\x00"), "file_type", "cannot be attached"),
        (
            SimpleUploadedFile("falsk.pdf", b"Ikke en pdf."),
            "file_type",
            "is not a PDF file, whatever its name says",
        ),
        (SimpleUploadedFile("tom.txt", b""), "empty", "tom.txt is empty."),
    ],
)
def test_a_file_outside_the_limits_is_refused_and_nothing_written(
    world: WishWorld, upload: SimpleUploadedFile, code: str, message: str
) -> None:
    wish = make_wish(world)
    with pytest.raises(ValidationError) as refused:
        wish_attachment_add(wish=wish, actor=world["municipality_user"], file=upload)
    errors = refused.value.error_dict["file"]
    assert [error.code for error in errors] == [code]
    assert message in errors[0].messages[0]
    nothing_written()


def test_the_content_type_comes_from_the_extension(world: WishWorld) -> None:
    wish = make_wish(world)
    upload = SimpleUploadedFile("data.csv", b"a;b\n1;2\n", content_type="text/html")
    attachment = wish_attachment_add(wish=wish, actor=world["municipality_user"], file=upload)
    assert attachment.content_type == "text/csv"


# --- removing ------------------------------------------------------------------------------


def test_removed_attachments_leave_the_page_but_stay_in_the_trail(world: WishWorld) -> None:
    wish = make_wish(world)
    attachment = wish_attachment_add(wish=wish, actor=world["municipality_user"], file=pdf())
    client = client_for(world, "nordby_user")
    html = client.get(wish_url(wish)).content.decode()
    assert f'href="{download_url(attachment)}"' in html
    assert client.get(download_url(attachment)).status_code == 200

    with pytest.raises(MandateRefused):
        wish_attachment_remove(attachment=attachment, actor=world["nordby_user"])
    with pytest.raises(MandateRefused):
        wish_attachment_remove(attachment=attachment, actor=colleague(world))
    wish_attachment_remove(attachment=attachment, actor=world["municipality_user"])

    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.removed_by == world["municipality_user"]
    html = client.get(wish_url(wish)).content.decode()
    assert f'href="{download_url(attachment)}"' not in html
    assert 'data-testid="no-attachments"' in html
    assert "Removed the attachment “notat.pdf”." in text(html)
    assert client.get(download_url(attachment)).status_code == 404
    assert AuditEvent.objects.filter(action="wish.attachment.remove").count() == 1


def test_the_group_removes_any_attachment_in_any_state(world: WishWorld) -> None:
    wish = make_wish(world)
    attachment = wish_attachment_add(wish=wish, actor=world["municipality_user"], file=pdf())
    Wish.objects.filter(pk=wish.pk).update(state=WishState.STARTED)
    attachment.refresh_from_db()
    with pytest.raises(MandateRefused):
        wish_attachment_remove(attachment=attachment, actor=world["municipality_user"])
    with pytest.raises(MandateRefused):
        wish_attachment_remove(attachment=attachment, actor=world["supplier_representative"])
    wish_attachment_remove(attachment=attachment, actor=world["coordination_group_member"])
    attachment.refresh_from_db()
    assert attachment.is_removed
    with pytest.raises(ValidationError):  # twice: it is gone already
        wish_attachment_remove(attachment=attachment, actor=world["coordination_group_member"])


# --- serving the files -----------------------------------------------------------------------


def test_files_are_served_as_downloads_only_under_their_own_wish(world: WishWorld) -> None:
    wish = make_wish(world)
    other = make_wish(world)
    beta = make_wish(world, product=world.beta)
    attachment = wish_attachment_add(wish=wish, actor=world["municipality_user"], file=pdf())
    response = client_for(world).get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="notat.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    elsewhere = [
        reverse("wishes:attachment", args=["os2alfa", other.pk, attachment.pk]),
        reverse("wishes:attachment", args=["os2beta", wish.pk, attachment.pk]),
        reverse("wishes:attachment", args=["os2beta", beta.pk, attachment.pk]),
    ]
    for url in elsewhere:
        assert client_for(world).get(url).status_code == 404


# --- the attachments page ------------------------------------------------------------------


def test_the_submitter_attaches_through_the_page(world: WishWorld) -> None:
    wish = make_wish(world)
    client = client_for(world, "municipality_user")
    response = client.get(attachments_url(wish))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    response = client.post(attachments_url(wish), {"file": pdf()})
    assert response.status_code == 302
    attachment = WishAttachment.objects.get()
    html = client.get(wish_url(wish)).content.decode()
    assert f'href="{download_url(attachment)}"' in html
    assert "Attached “notat.pdf”" in text(html)


@pytest.mark.parametrize("role", ["nordby_user", "supplier_representative"])
def test_the_page_refuses_others_and_names_who_may(world: WishWorld, role: str) -> None:
    wish = make_wish(world)
    client = client_for(world, role)
    response = client.get(attachments_url(wish))
    assert response.status_code == 403
    assert 'data-testid="attach-form"' not in response.content.decode()
    assert GROUP_ONLY in text(response.content.decode())
    response = client.post(attachments_url(wish), {"file": pdf()})
    assert response.status_code == 403
    nothing_written()


def test_the_page_names_a_bad_file_and_keeps_nothing(world: WishWorld) -> None:
    wish = make_wish(world)
    response = client_for(world, "municipality_user").post(
        attachments_url(wish), {"file": SimpleUploadedFile("side.html", b"<p>hej</p>")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-file"' in html
    assert "files of this type cannot be attached" in text(html)
    response = client_for(world, "municipality_user").post(attachments_url(wish), {})
    assert "Choose a file to attach." in text(response.content.decode())
    nothing_written()


def test_the_page_offers_removal_only_where_it_is_allowed(world: WishWorld) -> None:
    wish = make_wish(world)
    own = wish_attachment_add(wish=wish, actor=world["municipality_user"], file=pdf())
    wish_attachment_add(wish=wish, actor=colleague(world), file=pdf("andet.pdf"))
    html = client_for(world, "municipality_user").get(attachments_url(wish)).content.decode()
    assert html.count('data-testid="remove-attachment"') == 1
    remove = reverse("wishes:attachment-remove", args=["os2alfa", wish.pk, own.pk])
    assert f'action="{remove}"' in html
    group = client_for(world, "coordination_group_member")
    html = group.get(attachments_url(wish)).content.decode()
    assert html.count('data-testid="remove-attachment"') == 2
    assert group.post(remove).status_code == 302
    own.refresh_from_db()
    assert own.is_removed


def test_the_wish_page_costs_the_same_queries_with_1_and_15_attachments(
    world: WishWorld,
) -> None:
    wish = make_wish(world)
    people = [world["municipality_user"], colleague(world)]
    wish_attachment_add(wish=wish, actor=people[0], file=pdf())
    client = client_for(world, "nordby_user")
    client.get(wish_url(wish))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(wish_url(wish))
        assert response.status_code == 200
        return len(captured)

    with_one = count()
    for number in range(14):
        wish_attachment_add(wish=wish, actor=people[number % 2], file=pdf(f"bilag-{number}.pdf"))
    assert count() == with_one
