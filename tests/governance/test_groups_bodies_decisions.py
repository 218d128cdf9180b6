"""Groups and their settings, the association's bodies, and decisions recorded by hand."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.governance import services
from os2gov.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyPosition,
    CoordinationLead,
    Decision,
    DecisionMethod,
    Group,
    GroupFocus,
    GroupKind,
)
from tests.governance import factories as f
from tests.governance.conftest import Scene

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def codes(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [str(error.code) for error in exc.value.error_dict[field]]


# --- GOV-01…05: the bodies ----------------------------------------------------------------


def test_gov01_to_gov05_the_five_bodies_are_there_with_their_purpose() -> None:
    bodies = list(Body.objects.order_by("position"))
    assert [(b.kind, b.slug) for b in bodies] == [
        (BodyKind.GENERAL_ASSEMBLY, "generalforsamling"),
        (BodyKind.BOARD, "bestyrelse"),
        (BodyKind.BUSINESS_COMMITTEE, "forretningsudvalg"),
        (BodyKind.SECRETARIAT, "sekretariat"),
        (BodyKind.COORDINATION_COMMITTEE, "koordinationsudvalg"),
    ]
    for body in bodies:
        assert body.name
        sentences = [s for s in body.purpose.split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 4, body.slug
    by_kind = {b.kind: b.purpose for b in bodies}
    assert "vedtægter" in by_kind[BodyKind.GENERAL_ASSEMBLY]
    assert "licens" in by_kind[BodyKind.GENERAL_ASSEMBLY]
    assert "portefølje" in by_kind[BodyKind.BOARD]
    assert "projektmodel" in by_kind[BodyKind.BUSINESS_COMMITTEE]
    assert "daglige drift" in by_kind[BodyKind.SECRETARIAT]
    assert "driftskriterier" in by_kind[BodyKind.COORDINATION_COMMITTEE].lower()


# --- GRP-01: one steering and one coordination group ---------------------------------------


def test_grp01_a_second_coordination_or_steering_group_is_refused_clearly(scene: Scene) -> None:
    for kind in (GroupKind.COORDINATION, GroupKind.STEERING):
        with pytest.raises(ValidationError) as refused:
            services.group_create(
                actor=scene.secretariat, product=scene.product, kind=kind, name=f"Endnu en {kind}"
            )
        assert codes(refused, "kind") == ["one_group_of_this_kind"]
    assert Group.objects.filter(product=scene.product).count() == 2


def test_grp01_the_database_backs_the_rule_up(scene: Scene) -> None:
    with pytest.raises(IntegrityError):
        f.group(scene.product, GroupKind.COORDINATION, name="Dublet")


def test_grp01_any_number_of_professional_groups(scene: Scene) -> None:
    for name in ("Faggruppe for jura", "Faggruppe for drift"):
        group = services.group_create(
            actor=scene.secretariat,
            product=scene.product,
            kind=GroupKind.PROFESSIONAL,
            name=name,
            working_basis="Vi deler viden.",
        )
        assert group.kind == GroupKind.PROFESSIONAL
    decision = Decision.objects.filter(action="group.create").first()
    assert decision is not None
    assert decision.product == scene.product
    assert AuditEvent.objects.filter(action="group.create").count() == 2


def test_group_create_sets_up_a_coordination_group_on_a_new_product(scene: Scene) -> None:
    product = f.product()
    group = services.group_create(
        actor=scene.secretariat,
        product=product,
        kind=GroupKind.COORDINATION,
        name="Koordinationsgruppen",
        run_by=CoordinationLead.MUNICIPAL_TOVHOLDER,
    )
    assert group.slug == "koordinationsgruppen"
    with pytest.raises(ValidationError) as refused:
        services.group_create(
            actor=scene.secretariat, product=product, kind=GroupKind.PROFESSIONAL, name="Kontakt"
        )
    assert codes(refused, "slug") == ["reserved_slug"]


def test_group_create_needs_the_mandate(scene: Scene) -> None:
    with pytest.raises(MandateRefused):
        services.group_create(
            actor=scene.outsider,
            product=f.product(),
            kind=GroupKind.COORDINATION,
            name="Koordinationsgruppe",
        )
    assert Decision.objects.count() == 0


# --- Settings (GRP-03, GRP-04, GRP-09, GRP-12; the agreed meeting minimum) ---------


def settings_update(scene: Scene, group: Group, **fields: object) -> Group:
    group.refresh_from_db()
    return services.group_settings_update(
        actor=fields.pop("actor", scene.member),  # type: ignore[arg-type]
        group=group,
        expected_updated_at=group.updated_at,
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("run_by", CoordinationLead.values)
def test_grp04_a_coordination_group_is_run_in_one_of_three_ways(scene: Scene, run_by: str) -> None:
    group = settings_update(scene, scene.coordination, run_by=run_by)
    assert group.run_by == run_by
    decision = Decision.objects.get()
    assert decision.action == "group.settings.edit"
    assert decision.group == scene.coordination  # the group decides its own settings


def test_grp04_an_unknown_way_to_run_it_is_refused(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_update(scene, scene.coordination, run_by="a committee of volunteers")
    assert codes(refused, "run_by") == ["invalid_run_by"]


def test_grp12_the_coordination_group_decides_its_focus(scene: Scene) -> None:
    group = settings_update(
        scene,
        scene.coordination,
        run_by=CoordinationLead.PRODUCT_COORDINATOR,
        focus=GroupFocus.DEVELOPMENT_AND_DISSEMINATION,
    )
    assert group.focus == GroupFocus.DEVELOPMENT_AND_DISSEMINATION
    event = AuditEvent.objects.get(action="group.settings.update")
    assert event.changes["focus"] == ["", "development_and_dissemination"]


def test_grp12_only_a_coordination_group_has_a_focus_or_a_lead(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_update(
            scene,
            scene.steering,
            actor=scene.steering_member,
            focus=GroupFocus.DEVELOPMENT,
            run_by=CoordinationLead.SUPPLIER,
        )
    assert codes(refused, "focus") == ["focus_not_allowed"]
    assert codes(refused, "run_by") == ["run_by_not_allowed"]


def test_grp09_only_a_professional_group_writes_a_working_basis(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_update(scene, scene.coordination, working_basis="Vores grundlag")
    assert codes(refused, "working_basis") == ["working_basis_not_allowed"]
    professional = f.group(scene.product, GroupKind.PROFESSIONAL)
    # The secretariat serves professional groups and may edit their settings.
    group = settings_update(
        scene,
        professional,
        actor=scene.secretariat,
        working_basis="Vi mødes og deler erfaringer.",
        min_meetings_per_year=4,
    )
    assert group.working_basis == "Vi mødes og deler erfaringer."


def test_grp03_cap_and_meeting_minimum_are_checked(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_update(
            scene, scene.coordination, member_cap_per_municipality=0, min_meetings_per_year=60
        )
    assert codes(refused, "member_cap_per_municipality") == ["cap_too_low"]
    assert codes(refused, "min_meetings_per_year") == ["meetings_out_of_range"]
    group = settings_update(
        scene, scene.coordination, member_cap_per_municipality=3, min_meetings_per_year=4
    )
    assert (group.member_cap_per_municipality, group.min_meetings_per_year) == (3, 4)


def test_a_stale_settings_edit_is_refused(scene: Scene) -> None:
    loaded = Group.objects.get(pk=scene.coordination.pk)
    settings_update(scene, scene.coordination, min_meetings_per_year=4)
    with pytest.raises(services.StaleEditError):
        services.group_settings_update(
            actor=scene.member,
            group=loaded,
            expected_updated_at=loaded.updated_at,
            min_meetings_per_year=6,
        )
    scene.coordination.refresh_from_db()
    assert scene.coordination.min_meetings_per_year == 4


def test_settings_need_the_groups_mandate(scene: Scene) -> None:
    with pytest.raises(MandateRefused) as refused:
        settings_update(scene, scene.coordination, actor=scene.outsider, min_meetings_per_year=2)
    assert "Koordinationsgruppe" in str(refused.value)
    # The secretariat edits only professional groups' settings.
    with pytest.raises(MandateRefused):
        settings_update(scene, scene.coordination, actor=scene.secretariat, min_meetings_per_year=2)
    assert Decision.objects.count() == 0


def test_an_unchanged_settings_form_writes_nothing(scene: Scene) -> None:
    settings_update(scene, scene.coordination)
    assert Decision.objects.count() == 0
    assert not AuditEvent.objects.filter(action="group.settings.update").exists()


# --- The association's bodies ---------------------------------------------------------------


def test_the_secretariat_records_the_boards_members(scene: Scene) -> None:
    board = Body.objects.get(kind=BodyKind.BOARD)
    membership = services.body_membership_add(
        actor=scene.secretariat,
        body=board,
        person=scene.member,
        position=BodyPosition.CHAIR,
        starts_on=TODAY,
    )
    assert membership.organisation == scene.user_municipality
    decision = Decision.objects.get()
    assert decision.body == Body.objects.get(kind=BodyKind.SECRETARIAT)
    assert decision.action == "membership.body.manage"
    ended = services.body_membership_end(
        actor=scene.secretariat, membership=membership, ends_on=TODAY
    )
    assert ended.ends_on == TODAY
    assert BodyMembership.objects.filter(pk=membership.pk).exists()
    assert Decision.objects.count() == 2


def test_body_membership_rules(scene: Scene) -> None:
    board = Body.objects.get(kind=BodyKind.BOARD)
    with pytest.raises(ValidationError) as refused:
        services.body_membership_add(
            actor=scene.secretariat,
            body=board,
            person=scene.member,
            position=BodyPosition.COMMUNITY_MANAGER,
            starts_on=TODAY,
            ends_on=TODAY - datetime.timedelta(days=2),
        )
    assert codes(refused, "position") == ["position_not_in_body"]
    assert codes(refused, "ends_on") == ["ends_before_start"]


def test_only_the_secretariat_records_body_members(scene: Scene) -> None:
    with pytest.raises(MandateRefused) as refused:
        services.body_membership_add(
            actor=scene.tovholder,
            body=Body.objects.get(kind=BodyKind.BOARD),
            person=scene.member,
            position=BodyPosition.MEMBER,
            starts_on=TODAY,
        )
    assert "secretariat" in str(refused.value)
    assert BodyMembership.objects.filter(person=scene.member).count() == 0


# --- Decisions recorded by hand (MTG-02) ------------------------------------------------------


def test_a_group_records_its_own_decision(scene: Scene) -> None:
    membership = scene.coordination.memberships.get(person=scene.member)
    decision = services.decision_record(
        actor=scene.tovholder,
        group=scene.coordination,
        decided_on=TODAY,
        text="Gruppen mødes fremover hver anden måned.",
        action="group.settings.edit",
        method=DecisionMethod.MEETING,
        meeting_reference="Møde 3. marts",
        subjects=[membership],
    )
    assert decision.group == scene.coordination
    assert decision.product == scene.product
    assert decision.recorded_by == scene.tovholder
    assert "Mads Medlem" in decision.subjects.get().label
    event = AuditEvent.objects.get(action="decision.record")
    assert event.mandate.startswith("decision.record")
    assert "Gruppen mødes" not in event.summary  # the trail names the decider only


def test_the_secretariat_records_a_boards_decision(scene: Scene) -> None:
    board = Body.objects.get(kind=BodyKind.BOARD)
    decision = services.decision_record(
        actor=scene.secretariat,
        body=board,
        decided_on=TODAY,
        text="OS2testprodukt godkendes som nyt produkt.",
        action="product.approve",
        subjects=[scene.product],
    )
    assert decision.body == board
    assert decision.subjects.get().label == "OS2testprodukt"


def test_a_recorded_decision_is_checked(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=scene.tovholder,
            group=scene.coordination,
            decided_on=TODAY + datetime.timedelta(days=1),
            text=" ",
            action="no.such.mandate",
            method=DecisionMethod.MEETING,
        )
    assert codes(refused, "decided_on") == ["future_date"]
    assert codes(refused, "text") == ["text_required"]
    assert codes(refused, "action") == ["unknown_mandate"]
    assert codes(refused, "meeting_reference") == ["meeting_required"]


def test_recording_another_groups_decision_is_refused(scene: Scene) -> None:
    with pytest.raises(MandateRefused):
        services.decision_record(
            actor=scene.outsider,
            group=scene.coordination,
            decided_on=TODAY,
            text="Noget.",
            action="group.settings.edit",
        )
    assert Decision.objects.count() == 0
