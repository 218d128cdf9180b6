"""Answers, evidence and verification: the self-assessment and the secretariat's review."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.governance.services import StaleEditError
from os2gov.levels import services
from os2gov.levels.evidence import MAX_EVIDENCE_FILE_SIZE
from os2gov.levels.models import Answer, AnswerRevision, Criterion, EvidenceFile
from tests.levels.conftest import URL, LevelWorld, answer_met, verify
from tests.levels.helpers import PDF

pytestmark = pytest.mark.django_db


def criterion(key: str) -> Criterion:
    return Criterion.objects.get(model__is_current=True, key=key)


def test_prd02_met_without_the_url_its_rules_require_is_refused(world: LevelWorld) -> None:
    documentation = criterion("N1-DOCUMENTATION")
    assert documentation.url_required
    with pytest.raises(ValidationError) as refused:
        services.answer_save(
            actor=world.tovholder,
            product=world.product,
            criterion=documentation,
            status="met",
            evidence_urls=[],
        )
    assert refused.value.message_dict == {
        "evidence_urls": [
            "N1-DOCUMENTATION requires a link to the evidence before it can be answered “met”."
        ]
    }
    assert not Answer.objects.exists()


def test_prd02_a_justification_is_required_where_the_rules_say_so(world: LevelWorld) -> None:
    relevance = criterion("N1-RELEVANCE-BOTTOM-UP")
    with pytest.raises(ValidationError) as refused:
        services.answer_save(
            actor=world.tovholder,
            product=world.product,
            criterion=relevance,
            status="met",
            evidence_urls=[URL],
        )
    assert refused.value.message_dict == {
        "justification": ["N1-RELEVANCE-BOTTOM-UP requires a justification."]
    }


def test_prd02_links_must_be_web_addresses(world: LevelWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        answer_met(world, criterion("N1-DOCUMENTATION"), evidence_urls=["ftp://x.example.org/a"])
    assert (
        "ftp://x.example.org/a is not a web address (http or https)."
        in (refused.value.message_dict["evidence_urls"])
    )


def test_prd02_a_structural_criterion_is_not_answered(world: LevelWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        answer_met(world, criterion("N2-USED-BY-TWO-MUNICIPALITIES"))
    assert "criterion" in refused.value.message_dict


def test_prd02_only_the_tovholder_answers_for_the_product(world: LevelWorld) -> None:
    with pytest.raises(MandateRefused) as refused:
        services.answer_save(
            actor=world.steering_member,
            product=world.product,
            criterion=criterion("N1-DOCUMENTATION"),
            status="met",
            evidence_urls=[URL],
        )
    assert str(refused.value) == (
        "Only the tovholder of OS2niveau's coordination group can do this."
    )


def test_prd02_every_change_of_an_answer_is_kept(world: LevelWorld) -> None:
    documentation = criterion("N1-DOCUMENTATION")
    first = answer_met(world, documentation)
    assert first.revision == 1
    # Saving the same answer again changes nothing.
    same = answer_met(world, documentation, expected_revision=1)
    assert same.revision == 1
    second = services.answer_save(
        actor=world.tovholder,
        product=world.product,
        criterion=documentation,
        status="in_doubt",
        justification="Vi er i tvivl om dækningen.",
        expected_revision=1,
    )
    assert second.revision == 2
    revisions = list(AnswerRevision.objects.filter(answer=second).order_by("number"))
    assert [(r.number, r.status) for r in revisions] == [(1, "met"), (2, "in_doubt")]
    assert revisions[0].evidence_urls == [URL]
    assert revisions[1].answered_by == world.tovholder
    events = AuditEvent.objects.filter(action="level_answer.save", object_id=str(second.pk))
    assert events.count() == 2
    assert events.first().mandate.startswith("criteria.answer")  # type: ignore[union-attr]


def test_an_answer_changed_by_someone_else_is_not_overwritten(world: LevelWorld) -> None:
    documentation = criterion("N1-DOCUMENTATION")
    answer_met(world, documentation)
    with pytest.raises(StaleEditError):
        answer_met(world, documentation, justification="Mit svar.", expected_revision=None)
    with pytest.raises(StaleEditError):
        answer_met(world, documentation, justification="Mit svar.", expected_revision=7)


def test_a_changed_answer_loses_its_verification(world: LevelWorld) -> None:
    documentation = criterion("N1-DOCUMENTATION")
    answer = answer_met(world, documentation)
    verification = verify(world, answer)
    answer.refresh_from_db()
    assert answer.verification == verification
    assert verification.revision.number == 1
    assert verification.verified_by == world.secretariat
    changed = answer_met(
        world,
        documentation,
        evidence_urls=["https://docs.example.org/ny"],
        expected_revision=1,
    )
    changed.refresh_from_db()
    assert changed.verification is None
    event = AuditEvent.objects.filter(action="level_answer.save").first()
    assert event is not None
    assert event.changes["verification"] == ["verified", None]
    # The old verification is kept, naming the revision it verified.
    assert verification.__class__.objects.filter(answer=changed).count() == 1
    # Verifying the new revision brings it back.
    again = verify(world, changed)
    assert again.revision.number == 2


def test_a_verification_by_someone_outside_the_secretariat_is_refused(world: LevelWorld) -> None:
    answer = answer_met(world, criterion("N1-DOCUMENTATION"))
    for outsider in (world.tovholder, world.board_a, world.committee):
        with pytest.raises(MandateRefused) as refused:
            services.verification_record(
                actor=outsider, answer=answer, rating="green", basis="Set.", revision=1
            )
        assert str(refused.value) == "Only the secretariat can verify this."
    answer.refresh_from_db()
    assert answer.verification is None


def test_a_verification_needs_a_rating_and_a_basis_and_the_current_revision(
    world: LevelWorld,
) -> None:
    answer = answer_met(world, criterion("N1-DOCUMENTATION"))
    with pytest.raises(ValidationError) as refused:
        services.verification_record(
            actor=world.secretariat, answer=answer, rating="purple", basis=" ", revision=1
        )
    assert set(refused.value.message_dict) == {"rating", "basis"}
    with pytest.raises(StaleEditError):
        services.verification_record(
            actor=world.secretariat, answer=answer, rating="green", basis="Set.", revision=2
        )


# --- Evidence files ------------------------------------------------------------------------------


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_evidence_files_of_the_allowed_types_are_kept_with_the_answer(world: LevelWorld) -> None:
    documentation = criterion("N1-DOCUMENTATION")
    answer = answer_met(
        world,
        documentation,
        files=[upload("vejledning.pdf", PDF), upload("noter.md", b"# Noter\nTekst")],
    )
    files = list(EvidenceFile.objects.filter(answer=answer).order_by("pk"))
    assert [(f.name, f.added_in) for f in files] == [("vejledning.pdf", 1), ("noter.md", 1)]
    assert files[0].file.read().startswith(b"%PDF")
    revision = AnswerRevision.objects.get(answer=answer, number=1)
    assert revision.evidence_files == ["vejledning.pdf", "noter.md"]


def test_an_upload_over_the_size_limit_is_refused(world: LevelWorld) -> None:
    big = upload("stor.pdf", PDF + b"0" * MAX_EVIDENCE_FILE_SIZE)
    with pytest.raises(ValidationError) as refused:
        answer_met(world, criterion("N1-DOCUMENTATION"), files=[big])
    assert refused.value.message_dict["files"] == [
        "stor.pdf is 10.0 MB; a file can be at most 10 MB."
    ]
    assert not EvidenceFile.objects.exists()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "program.exe",
            b"MZ\x90\x00",
            "program.exe: files of this type cannot be uploaded; allowed are "
            "docx, jpeg, jpg, md, odt, pdf, png, txt, xlsx.",
        ),
        (
            "falsk.pdf",
            b"<html>not a pdf</html>",
            "falsk.pdf is not a PDF file, whatever its name says.",
        ),
        (
            "billede.png",
            b"\xff\xd8\xff\xe0jpeg",
            "billede.png is not a PNG file, whatever its name says.",
        ),
        ("tom.txt", b"", "tom.txt is empty."),
        ("binær.txt", b"abc\x00def", "binær.txt is not a TXT file, whatever its name says."),
    ],
)
def test_an_upload_of_a_forbidden_type_is_refused(
    world: LevelWorld, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        answer_met(world, criterion("N1-DOCUMENTATION"), files=[upload(name, content)])
    assert refused.value.message_dict["files"] == [message]
