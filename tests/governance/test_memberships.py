"""The rules of group memberships, one by one, through the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.governance import services
from os2gov.governance.models import (
    Body,
    BodyKind,
    Decision,
    GroupKind,
    GroupMembership,
    GroupRole,
    SupplierParticipation,
)
from tests.governance import factories as f
from tests.governance.conftest import Scene

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def add(scene: Scene, **overrides: Any) -> GroupMembership:
    arguments: dict[str, Any] = {
        "actor": scene.secretariat,
        "group": scene.coordination,
        "person": scene.newcomer,
        "role": GroupRole.MEMBER,
        "starts_on": TODAY,
    }
    arguments.update(overrides)
    return services.membership_add(**arguments)


def refused_codes(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [str(error.code) for error in exc.value.error_dict[field]]


def counts() -> tuple[int, int, int]:
    return (GroupMembership.objects.count(), Decision.objects.count(), AuditEvent.objects.count())


# --- The trail (ACC-03) -------------------------------------------------------------------


def test_acc03_an_added_member_is_a_decision_of_the_mandate_holder_and_an_audit_event(
    scene: Scene,
) -> None:
    membership = add(scene)
    assert membership.organisation == scene.user_municipality  # the person's own by default
    decision = Decision.objects.get()
    assert decision.body == Body.objects.get(kind=BodyKind.SECRETARIAT)  # the holder used
    assert decision.group is None
    assert decision.product == scene.product
    assert decision.action == "membership.coordination.manage"
    assert decision.recorded_by == scene.secretariat
    assert "Nina Nybegynder" in decision.text
    subject = decision.subjects.get()
    assert subject.object_id == str(membership.pk)
    assert subject.content_type.model == "groupmembership"
    event = AuditEvent.objects.get(action="group_membership.add")
    assert event.actor == scene.secretariat
    assert event.object_id == str(membership.pk)
    assert event.mandate.startswith("membership.coordination.manage")
    assert event.changes["role"] == [None, "member"]


def test_acc03_a_tovholder_adding_a_member_decides_as_the_coordination_group(
    scene: Scene,
) -> None:
    add(scene, actor=scene.tovholder)
    decision = Decision.objects.get()
    assert decision.group == scene.coordination
    assert decision.body is None


def test_acc03_nothing_is_written_when_the_trail_cannot_be(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the trail is down")

    monkeypatch.setattr("os2gov.governance.services._trail.record_event", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        add(scene)
    assert counts() == before


def test_acc01_a_member_without_the_mandate_is_refused_naming_the_holder_and_nothing_is_written(
    scene: Scene,
) -> None:
    before = counts()
    with pytest.raises(MandateRefused) as refused:
        add(scene, actor=scene.member)
    message = str(refused.value)
    assert "tovholder" in message
    assert "secretariat" in message
    assert counts() == before


# --- Dates --------------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_on_ends_on(scene: Scene) -> None:
    before = counts()
    with pytest.raises(ValidationError) as refused:
        add(scene, ends_on=TODAY - datetime.timedelta(days=1))
    assert refused_codes(refused, "ends_on") == ["ends_before_start"]
    assert counts() == before


def test_the_same_person_twice_in_one_period_is_refused(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, person=scene.member)
    assert refused_codes(refused, "person") == ["already_a_member"]


# --- GRP-02: user municipalities only ---------------------------------------------------


def test_grp02_a_person_from_a_municipality_that_does_not_use_the_product_is_refused(
    scene: Scene,
) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, person=scene.outsider)
    assert refused_codes(refused, "organisation") == ["not_a_user_of_the_product"]
    message = refused.value.error_dict["organisation"][0].messages[0]
    assert "Fjernby Kommune" in message
    assert "OS2testprodukt" in message


def test_grp02_the_agreement_must_be_in_force_on_the_first_day(scene: Scene) -> None:
    later = f.municipality("Senereby Kommune")
    f.agreement(scene.product, later, starts_on=TODAY + datetime.timedelta(days=30))
    joiner = f.person(later)
    with pytest.raises(ValidationError) as refused:
        add(scene, person=joiner)
    assert refused_codes(refused, "organisation") == ["not_a_user_of_the_product"]
    membership = add(scene, person=joiner, starts_on=TODAY + datetime.timedelta(days=30))
    assert membership.organisation == later


def test_grp02_an_ended_agreement_no_longer_counts(scene: Scene) -> None:
    former = f.municipality("Tidligereby Kommune")
    f.agreement(scene.product, former, ends_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        add(scene, person=f.person(former))
    assert refused_codes(refused, "organisation") == ["not_a_user_of_the_product"]


def test_grp02_a_supplier_person_cannot_represent_a_municipality(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, person=scene.supplier_person, organisation=scene.user_municipality)
    assert "not_own_organisation" in refused_codes(refused, "organisation")
    with pytest.raises(ValidationError) as refused:
        add(scene, person=scene.supplier_person, organisation=scene.supplier)
    assert refused_codes(refused, "organisation") == ["supplier_as_municipality_representative"]


def test_a_person_represents_their_own_organisation(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, organisation=scene.other_municipality)
    assert "not_own_organisation" in refused_codes(refused, "organisation")


def test_board_roles_represent_the_association_and_need_a_board_seat(scene: Scene) -> None:
    board_member = f.person(scene.other_municipality, "Bent Bestyrelse")
    with pytest.raises(ValidationError) as refused:
        add(
            scene,
            group=scene.steering,
            person=board_member,
            organisation=f.association(),
            role=GroupRole.BOARD_MEMBER,
        )
    assert refused_codes(refused, "role") == ["not_a_board_member"]
    f.body_member(BodyKind.BOARD, board_member)
    membership = add(
        scene,
        group=scene.steering,
        person=board_member,
        organisation=f.association(),
        role=GroupRole.BOARD_MEMBER,
    )
    assert membership.organisation == f.association()
    with pytest.raises(ValidationError) as refused:
        add(
            scene,
            group=scene.steering,
            person=scene.newcomer,
            role=GroupRole.BOARD_APPOINTEE,
        )
    assert refused_codes(refused, "organisation") == ["board_role_represents_association"]


# --- GRP-03: a cap per municipality -------------------------------------------------------


def test_grp03_without_a_cap_any_number_of_members_may_join(scene: Scene) -> None:
    for _n in range(3):
        add(scene, person=f.person(scene.user_municipality))
    assert scene.coordination.memberships.count() == 5


def test_grp03_the_groups_cap_per_municipality_is_enforced(scene: Scene) -> None:
    scene.coordination.member_cap_per_municipality = 2
    scene.coordination.save()
    with pytest.raises(ValidationError) as refused:
        add(scene)  # the tovholder and one member already represent Brugerby
    assert refused_codes(refused, "organisation") == ["member_cap_reached"]
    # A member who has left no longer counts.
    services.membership_end(
        actor=scene.secretariat,
        membership=scene.coordination.memberships.get(person=scene.member),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    assert add(scene).pk is not None


# --- GRP-05: the secretariat by exception --------------------------------------------------


def test_grp05_secretariat_staff_need_the_secretariat_role_and_a_reason(scene: Scene) -> None:
    colleague = f.secretariat_staff("Carl Kollega")
    with pytest.raises(ValidationError) as refused:
        add(scene, person=colleague)
    assert refused_codes(refused, "role") == ["secretariat_staff_role"]
    assert refused_codes(refused, "secretariat_exception_reason") == ["exception_reason_required"]


def test_grp05_the_exception_needs_the_steering_groups_mandate(scene: Scene) -> None:
    colleague = f.secretariat_staff("Carl Kollega")
    before = counts()
    with pytest.raises(MandateRefused) as refused:
        add(
            scene,
            person=colleague,
            role=GroupRole.SECRETARIAT,
            secretariat_exception_reason="Hjælper med at starte gruppen op.",
        )
    assert "steering group of OS2testprodukt" in str(refused.value)
    assert counts() == before


def test_grp05_with_reason_and_mandate_the_exception_is_recorded(scene: Scene) -> None:
    colleague = f.secretariat_staff("Carl Kollega")
    # The secretariat manages the members; a steering-group member grants the exception.
    f.member(scene.steering, scene.secretariat, GroupRole.SECRETARIAT)
    membership = add(
        scene,
        person=colleague,
        role=GroupRole.SECRETARIAT,
        secretariat_exception_reason="Hjælper med at starte gruppen op.",
    )
    assert membership.secretariat_exception_reason == "Hjælper med at starte gruppen op."
    decisions = {d.action: d for d in Decision.objects.all()}
    assert set(decisions) == {
        "membership.coordination.manage",
        "membership.secretariat_exception.grant",
    }
    assert decisions["membership.secretariat_exception.grant"].group == scene.steering
    assert "Hjælper med at starte gruppen op." in (
        decisions["membership.secretariat_exception.grant"].text
    )


def test_grp05_only_secretariat_staff_take_the_secretariat_role(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, role=GroupRole.SECRETARIAT)
    assert "not_secretariat_staff" in refused_codes(refused, "role")


def test_grp05_grp09_the_secretariat_serves_professional_groups_without_an_exception(
    scene: Scene,
) -> None:
    professional = f.group(scene.product, GroupKind.PROFESSIONAL)
    membership = add(
        scene, group=professional, person=f.secretariat_staff("Carl"), role=GroupRole.SECRETARIAT
    )
    assert membership.secretariat_exception_reason == ""


# --- GRP-06: suppliers ---------------------------------------------------------------------


def test_grp06_a_supplier_states_on_what_terms_it_takes_part(scene: Scene) -> None:
    supplier_arguments = {
        "person": scene.supplier_person,
        "role": GroupRole.SUPPLIER_REPRESENTATIVE,
    }
    with pytest.raises(ValidationError) as refused:
        add(scene, **supplier_arguments)
    assert refused_codes(refused, "supplier_participation") == ["participation_required"]
    with pytest.raises(ValidationError) as refused:
        add(
            scene,
            **supplier_arguments,
            supplier_participation=SupplierParticipation.WRITTEN_AGREEMENT,
        )
    assert refused_codes(refused, "agreement_reference") == ["agreement_reference_required"]
    membership = add(
        scene,
        **supplier_arguments,
        supplier_participation=SupplierParticipation.WRITTEN_AGREEMENT,
        agreement_reference="Driftskontrakt 2026-14",
    )
    assert membership.agreement_reference == "Driftskontrakt 2026-14"
    assert membership.organisation == scene.supplier


def test_grp06_voluntary_participation_needs_no_agreement(scene: Scene) -> None:
    membership = add(
        scene,
        person=scene.supplier_person,
        role=GroupRole.SUPPLIER_REPRESENTATIVE,
        supplier_participation=SupplierParticipation.VOLUNTARY,
    )
    assert membership.supplier_participation == "voluntary"


def test_grp06_suppliers_sit_in_the_coordination_group_not_the_steering_group(
    scene: Scene,
) -> None:
    with pytest.raises(ValidationError) as refused:
        add(
            scene,
            group=scene.steering,
            person=scene.supplier_person,
            role=GroupRole.SUPPLIER_REPRESENTATIVE,
            supplier_participation=SupplierParticipation.VOLUNTARY,
        )
    assert refused_codes(refused, "role") == ["supplier_only_in_coordination_group"]


def test_grp06_only_a_supplier_has_terms_of_participation(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, supplier_participation=SupplierParticipation.VOLUNTARY)
    assert refused_codes(refused, "supplier_participation") == ["participation_not_allowed"]


# --- GRP-07: one tovholder at a time ------------------------------------------------------


def test_grp07_a_second_active_tovholder_is_refused(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, role=GroupRole.TOVHOLDER)
    assert refused_codes(refused, "role") == ["one_lead_at_a_time"]
    assert "Tove Tovholder" in refused.value.error_dict["role"][0].messages[0]
    with pytest.raises(ValidationError) as refused:
        add(scene, role=GroupRole.PRODUCT_COORDINATOR)
    assert refused_codes(refused, "role") == ["one_lead_at_a_time"]


def test_grp07_a_future_tovholder_overlapping_the_current_one_is_refused(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, role=GroupRole.TOVHOLDER, starts_on=TODAY + datetime.timedelta(days=90))
    assert refused_codes(refused, "role") == ["one_lead_at_a_time"]


def test_grp07_handing_over_ends_the_first_then_the_next_starts(scene: Scene) -> None:
    current = scene.coordination.memberships.get(role=GroupRole.TOVHOLDER)
    services.membership_end(actor=scene.secretariat, membership=current, ends_on=TODAY)
    successor = add(scene, role=GroupRole.TOVHOLDER, starts_on=TODAY + datetime.timedelta(days=1))
    assert successor.role == GroupRole.TOVHOLDER


def test_grp07_only_a_coordination_group_has_a_tovholder(scene: Scene) -> None:
    with pytest.raises(ValidationError) as refused:
        add(scene, group=scene.steering, role=GroupRole.TOVHOLDER)
    assert refused_codes(refused, "role") == ["lead_only_in_coordination_group"]


# --- GRP-09: professional groups ----------------------------------------------------------


def test_grp09_a_professional_group_has_knowledge_sharers_and_no_tovholder(
    scene: Scene,
) -> None:
    professional = f.group(scene.product, GroupKind.PROFESSIONAL)
    with pytest.raises(ValidationError) as refused:
        add(scene, group=professional, role=GroupRole.TOVHOLDER)
    assert refused_codes(refused, "role") == ["no_lead_in_professional_group"]
    # Anyone may share knowledge, also from a municipality that does not use the product.
    membership = add(scene, group=professional, person=scene.outsider)
    assert membership.role == GroupRole.MEMBER
    assert Decision.objects.get().action == "membership.professional.manage"


# --- Ending a membership ------------------------------------------------------------------


def test_ending_keeps_the_membership_and_records_the_decision(scene: Scene) -> None:
    membership = scene.coordination.memberships.get(person=scene.member)
    ended = services.membership_end(actor=scene.tovholder, membership=membership, ends_on=TODAY)
    assert ended.ends_on == TODAY
    assert GroupMembership.objects.filter(pk=membership.pk).exists()
    decision = Decision.objects.get()
    assert decision.action == "membership.coordination.manage"
    assert decision.group == scene.coordination
    assert AuditEvent.objects.get(action="group_membership.end").changes == {
        "ends_on": [None, TODAY.isoformat()]
    }


def test_ending_before_the_start_or_twice_is_refused(scene: Scene) -> None:
    membership = scene.coordination.memberships.get(person=scene.member)
    with pytest.raises(ValidationError) as refused:
        services.membership_end(
            actor=scene.secretariat, membership=membership, ends_on=datetime.date(2019, 1, 1)
        )
    assert refused_codes(refused, "ends_on") == ["ends_before_start"]
    services.membership_end(actor=scene.secretariat, membership=membership, ends_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.membership_end(
            actor=scene.secretariat,
            membership=membership,
            ends_on=TODAY + datetime.timedelta(days=1),
        )
    assert refused_codes(refused, "ends_on") == ["already_ended"]


def test_ending_without_the_mandate_is_refused_and_nothing_changes(scene: Scene) -> None:
    membership = scene.coordination.memberships.get(person=scene.tovholder)
    with pytest.raises(MandateRefused):
        services.membership_end(actor=scene.member, membership=membership, ends_on=TODAY)
    membership.refresh_from_db()
    assert membership.ends_on is None
    assert Decision.objects.count() == 0
