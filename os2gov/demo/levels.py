"""The product levels of the demo (PRD-02…07), loaded after the governance part.

The eight demo products are spread over the levels:

* **OS2faktor holds N3.** The board appointed its steering group, every board member sits
  in it, a board member sits in its coordination group, it was evaluated within the last
  year, and every manual criterion is answered and verified. Approved at N2, later at N3.
* **OS2mo holds N2** (approved N2). Its N3 criteria are missing, with their reasons; the
  demo tovholder account can answer the N3 criterion itself. Its last evaluation is stale.
* **OS2iot has lost N2.** Approved at N2, it held the level until the board's member left
  its steering group (ended through the membership service); it now holds N1 and is
  flagged as not living up to its approved level.
* **OS2rollekatalog, OS2borgerPC and OS2forms hold N1** (approved N1): no OS2 body
  watches them (PRD-07). OS2borgerPC lacks training material, covered by a deviation the
  business committee accepted; OS2forms answers procurement "not applicable".
* **OS2display** has answered the N1 criteria itself; the secretariat rated one answer
  yellow, so it holds no level yet and none is approved.
* **OS2valghalla**, the sandbox product, has two answers the secretariat has not verified.

Everything goes through the level and governance services with the people who hold the
mandates: the products' tovholders answer, the demo secretariat account verifies and
records memberships and decisions, the business committee's chair recommends and accepts
the deviation, a board member approves and evaluates. Like the rest of the demo it only
creates what is missing (by natural key) and never updates a row, so a second run changes
nothing. Dates are fixed days in the past, with one exception: OS2faktor's evaluation is
dated 60 days before the day the demo is first loaded, because N3 demands an evaluation
within the last 12 months; a later run records a new one only once that has gone stale.

Without a level model (a test that emptied the tables) nothing is loaded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product
from os2gov.demo.accounts import ASSOCIATION_SLUG, DEMO_ACCOUNTS
from os2gov.governance import services as governance
from os2gov.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyPosition,
    Decision,
    DecisionMethod,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from os2gov.governance.selectors import product_tovholder
from os2gov.levels import services as levels
from os2gov.levels.compliance import recompute_product_level
from os2gov.levels.models import (
    Answer,
    AnswerStatus,
    ApprovedLevel,
    Criterion,
    CriterionKind,
    Deviation,
    Evaluation,
    LevelModel,
    LevelRecommendation,
    Rating,
    RecommendationStatus,
)
from os2gov.levels.structural import board_memberships, one_year_after
from os2gov.organisation.models import Organisation

D = datetime.date
Progress = Callable[[str, int, int], None]

N3_PRODUCT = "os2faktor"
N2_PRODUCT = "os2mo"
LOST_PRODUCT = "os2iot"  # approved N2, lost it when the board's member left its steering group
N1_PRODUCTS = ("os2rollekatalog", "os2borgerpc", "os2forms")
SELF_ASSESSED_PRODUCT = "os2display"
SANDBOX_PRODUCT = "os2valghalla"

# The business committee recommends, the board approves (PRD-06).
RECOMMENDED_ON, APPROVED_ON = D(2024, 9, 10), D(2024, 10, 1)
N3_RECOMMENDED_ON, N3_APPROVED_ON = D(2025, 9, 9), D(2025, 10, 7)
COMMITTEE_MEETING = "Forretningsudvalgsmøde %s"
BOARD_MEETING = "Bestyrelsesmøde %s"
# OS2faktor's steering group becomes the whole board.
N3_APPOINTED_ON, N3_SEATS_FROM = D(2025, 1, 28), D(2025, 2, 1)
# OS2iot held N2 until the board's member left its steering group.
LOST_HELD_ON, LOST_SEAT_ENDS_ON = D(2025, 6, 1), D(2025, 6, 30)
# OS2borgerPC's deviation.
DEVIATION_KEY, DEVIATION_DECIDED_ON, DEVIATION_EXPIRES_ON = (
    "N1-TRAINING-MATERIALS",
    D(2025, 3, 11),
    D(2028, 12, 31),
)
STALE_EVALUATION_ON = D(2024, 11, 26)  # OS2mo's, by its steering group
RECENT_EVALUATION_DAYS = 60

JUSTIFICATIONS = {
    "relevance": "Behovet er beskrevet af de kommuner, der bruger produktet, i det linkede notat.",
    "legal": "Aftalerne fastslår, at kommunerne har rettighederne; se det linkede afsnit.",
    "documentation": "Installations-, opsætnings- og brugervejledningen ligger offentligt.",
    "procurement": "Udviklingen blev udbudt; udbudsmaterialet er linket.",
    "training": "Vejledninger og optagede kurser til brugere og administratorer er linket.",
    "use": "Erfaringerne fra udrulningen er samlet i en fælles vejledning.",
    "code": "Alle kommuner kører udgivelser fra det samme kodearkiv.",
    "operations": "Leverandøren tilbyder drift, support og vedligehold med databehandleraftale.",
    "evaluation": "Evalueringen er beskrevet i referatet.",
    "organisation": "Beskrevet i det linkede referat.",
}
GREEN_BASIS = "Sekretariatet har gennemgået materialet; det understøtter svaret."
YELLOW_BASIS = "Dokumentationen dækker installationen, men brugervejledningen mangler endnu."


def evidence_url(product: Product, key: str) -> str:
    """A fictional address of the evidence (the reserved example.org domain)."""
    return f"https://docs.example.org/{product.slug}/{key.lower()}"


@dataclass
class _Context:
    secretariat: User
    board_member: User
    steering_member: User
    committee: User
    association: Organisation
    board: Body
    products: dict[str, Product]
    criteria: dict[str, Criterion]  # the current model's manual criteria, by key
    today: datetime.date = field(default_factory=timezone.localdate)
    created: int = 0


def _account(key: str) -> User:
    email = next(account.email for account in DEMO_ACCOUNTS if account.key == key)
    return User.objects.get(email=email)


def _committee_chair(day: datetime.date) -> User:
    membership = (
        BodyMembership.objects.active_on(day)
        .filter(body__kind=BodyKind.BUSINESS_COMMITTEE, position=BodyPosition.CHAIR)
        .select_related("person")
        .order_by("starts_on", "pk")
        .first()
    )
    if membership is None:  # pragma: no cover - the governance demo seats a chair
        raise RuntimeError("The demo has no chair of the business committee.")
    return membership.person


class LevelsLoader:
    c: _Context

    def __init__(self, products: dict[str, Product], secretariat: User) -> None:
        self.products = products
        self.secretariat = secretariat

    def load(self, progress: Progress) -> int:
        """Create what is missing; return how many rows it created."""
        model = LevelModel.objects.filter(is_current=True).first()
        if model is None or not all(slug in self.products for slug in self._slugs()):
            return 0
        today = timezone.localdate()
        self.c = _Context(
            secretariat=self.secretariat,
            board_member=_account("board_member"),
            steering_member=_account("steering_group_member"),
            committee=_committee_chair(today),
            association=Organisation.objects.get(slug=ASSOCIATION_SLUG),
            board=Body.objects.get(kind=BodyKind.BOARD),
            products={slug: Product.objects.get(pk=p.pk) for slug, p in self.products.items()},
            criteria={
                c.key: c
                for c in model.criteria.filter(kind=CriterionKind.MANUAL).select_related(
                    "level", "model"
                )
            },
            today=today,
        )
        self._n3()
        self._n2()
        self._lost()
        self._n1()
        self._self_assessed()
        self._sandbox()
        if self.c.created:
            for product in self.c.products.values():
                recompute_product_level(product, notify=False)
        progress("product levels", len(self._slugs()), len(self._slugs()))
        return self.c.created

    @staticmethod
    def _slugs() -> tuple[str, ...]:
        return (
            N3_PRODUCT,
            N2_PRODUCT,
            LOST_PRODUCT,
            *N1_PRODUCTS,
            SELF_ASSESSED_PRODUCT,
            SANDBOX_PRODUCT,
        )

    # --- answers and verifications ---

    def _keys(self, *codes: str) -> list[str]:
        return [key for key, c in self.c.criteria.items() if c.level.code in codes]

    def _answer(
        self,
        product: Product,
        key: str,
        status: str = AnswerStatus.MET,
        justification: str = "",
    ) -> Answer:
        criterion = self.c.criteria[key]
        existing = Answer.objects.filter(product=product, criterion=criterion).first()
        if existing is not None:
            return existing
        membership = product_tovholder(product, day=self.c.today)
        assert membership is not None, product
        self.c.created += 1
        return levels.answer_save(
            actor=membership.person,
            product=product,
            criterion=criterion,
            status=status,
            justification=justification or JUSTIFICATIONS[criterion.theme],
            evidence_urls=[evidence_url(product, key)],
        )

    def _verify(self, answer: Answer, rating: str = Rating.GREEN, basis: str = "") -> None:
        if answer.verification_id is not None:
            return
        self.c.created += 1
        levels.verification_record(
            actor=self.c.secretariat,
            answer=answer,
            rating=rating,
            basis=basis or GREEN_BASIS,
            revision=answer.revision,
        )

    def _answer_and_verify(self, product: Product, *codes: str, skip: tuple[str, ...] = ()) -> None:
        for key in self._keys(*codes):
            if key not in skip:
                self._verify(self._answer(product, key))

    # --- approvals (PRD-06) ---

    def _approve(
        self,
        product: Product,
        code: str,
        recommended_on: datetime.date,
        approved_on: datetime.date,
    ) -> None:
        if ApprovedLevel.objects.filter(product=product, level_code=code).exists():
            return
        first = not ApprovedLevel.objects.filter(product=product).exists()
        pending = LevelRecommendation.objects.filter(
            product=product, status=RecommendationStatus.PENDING, level_code=code
        ).exists()
        recommend, approve = (
            (levels.product_recommend, levels.product_approve)
            if first
            else (levels.level_recommend, levels.level_approve)
        )
        if not pending:
            recommend(
                actor=self.c.committee,
                product=product,
                level_code=code,
                decided_on=recommended_on,
                method=DecisionMethod.MEETING,
                meeting_reference=COMMITTEE_MEETING % recommended_on.isoformat(),
                on=recommended_on,
            )
            self.c.created += 1
        approve(
            actor=self.c.board_member,
            product=product,
            level_code=code,
            decided_on=approved_on,
            method=DecisionMethod.MEETING,
            meeting_reference=BOARD_MEETING % approved_on.isoformat(),
            on=approved_on,
        )
        self.c.created += 1

    # --- governance the levels rest on ---

    def _group(self, product: Product, kind: str) -> Group:
        return Group.objects.select_related("product").get(product=product, kind=kind)

    def _seat(self, group: Group, person: User, starts_on: datetime.date) -> None:
        if GroupMembership.objects.filter(
            group=group, person=person, role=GroupRole.BOARD_MEMBER
        ).exists():
            return
        governance.membership_add(
            actor=self.c.secretariat,
            group=group,
            person=person,
            organisation=self.c.association,
            role=GroupRole.BOARD_MEMBER,
            starts_on=starts_on,
            on=starts_on,
        )
        self.c.created += 1

    def _evaluation(
        self, product: Product, actor: User, evaluated_on: datetime.date, summary: str
    ) -> None:
        if Evaluation.objects.filter(product=product, evaluated_on=evaluated_on).exists():
            return
        levels.evaluation_record(
            actor=actor,
            product=product,
            evaluated_on=evaluated_on,
            summary=summary,
            minutes_url=f"https://docs.example.org/{product.slug}/evaluering-{evaluated_on}",
            on=evaluated_on,
        )
        self.c.created += 1

    # --- the products ---

    def _n3(self) -> None:
        product = self.c.products[N3_PRODUCT]
        steering = self._group(product, GroupKind.STEERING)
        coordination = self._group(product, GroupKind.COORDINATION)
        text = (
            "Bestyrelsen nedsætter styregruppen for OS2faktor med hele bestyrelsen som "
            "medlemmer, da produktet er vitalt for kommunerne."
        )
        if not Decision.objects.filter(
            body=self.c.board, decided_on=N3_APPOINTED_ON, action="decision.record", text=text
        ).exists():
            governance.decision_record(
                actor=self.c.secretariat,
                body=self.c.board,
                decided_on=N3_APPOINTED_ON,
                text=text,
                action="decision.record",
                method=DecisionMethod.MEETING,
                meeting_reference=BOARD_MEETING % N3_APPOINTED_ON.isoformat(),
                subjects=[steering],
                on=N3_APPOINTED_ON,
            )
            self.c.created += 1
        board = board_memberships(N3_SEATS_FROM)
        for membership in board:
            self._seat(steering, membership.person, N3_SEATS_FROM)
        chair = next(m for m in board if m.position == BodyPosition.CHAIR)
        self._seat(coordination, chair.person, N3_SEATS_FROM)
        self._answer_and_verify(product, "N1", "N2", "N3")
        latest = (
            Evaluation.objects.filter(product=product)
            .order_by("-evaluated_on")
            .values_list("evaluated_on", flat=True)
            .first()
        )
        if latest is None or one_year_after(latest) < self.c.today:
            self._evaluation(
                product,
                self.c.board_member,
                self.c.today - datetime.timedelta(days=RECENT_EVALUATION_DAYS),
                "Styregruppen evaluerede OS2faktor: driften er stabil, og kommunerne er "
                "afhængige af løsningen. Ingen ændringer i styringen.",
            )
        self._approve(product, "N2", RECOMMENDED_ON, APPROVED_ON)
        self._approve(product, "N3", N3_RECOMMENDED_ON, N3_APPROVED_ON)

    def _n2(self) -> None:
        product = self.c.products[N2_PRODUCT]
        self._answer_and_verify(product, "N1", "N2")
        self._evaluation(
            product,
            self.c.steering_member,
            STALE_EVALUATION_ON,
            "Styregruppen evaluerede OS2mo og vedtog rammen for 2025.",
        )
        self._approve(product, "N2", RECOMMENDED_ON, APPROVED_ON)

    def _lost(self) -> None:
        product = self.c.products[LOST_PRODUCT]
        self._answer_and_verify(product, "N1", "N2")
        self._approve(product, "N2", RECOMMENDED_ON, APPROVED_ON)
        steering = self._group(product, GroupKind.STEERING)
        seat = (
            GroupMembership.objects.filter(
                group=steering, role=GroupRole.BOARD_MEMBER, ends_on__isnull=True
            )
            .select_related("group__product", "person", "organisation")
            .first()
        )
        if seat is None:  # the board's member has already left
            return
        # It held N2 while the board's member sat in the steering group...
        recompute_product_level(product, on=LOST_HELD_ON, notify=False)
        governance.membership_end(
            actor=self.c.secretariat,
            membership=seat,
            ends_on=LOST_SEAT_ENDS_ON,
            on=LOST_SEAT_ENDS_ON,
        )
        self.c.created += 1
        # ...and lost it the day after the seat ended.
        recompute_product_level(
            product, on=LOST_SEAT_ENDS_ON + datetime.timedelta(days=1), notify=False
        )

    def _n1(self) -> None:
        for slug in N1_PRODUCTS:
            product = self.c.products[slug]
            if slug == "os2borgerpc":
                self._answer_and_verify(product, "N1", skip=(DEVIATION_KEY,))
                self._answer(
                    product,
                    DEVIATION_KEY,
                    AnswerStatus.NOT_MET,
                    "Undervisningsmaterialet bliver skrevet om til den nye version og er "
                    "ikke klar endnu.",
                )
                self._deviation(product)
            elif slug == "os2forms":
                self._answer_and_verify(product, "N1", skip=("N1-PROCUREMENT",))
                self._verify(
                    self._answer(
                        product,
                        "N1-PROCUREMENT",
                        AnswerStatus.NOT_APPLICABLE,
                        "Kommunerne udviklede selv produktet; intet blev købt.",
                    )
                )
            else:
                self._answer_and_verify(product, "N1")
            self._approve(product, "N1", RECOMMENDED_ON, APPROVED_ON)

    def _deviation(self, product: Product) -> None:
        if Deviation.objects.filter(product=product, criterion__key=DEVIATION_KEY).exists():
            return
        levels.deviation_accept(
            actor=self.c.committee,
            product=product,
            criterion=self.c.criteria[DEVIATION_KEY],
            reason="Materialet skrives om til den nye version; det er klar inden udløb.",
            expires_on=DEVIATION_EXPIRES_ON,
            decided_on=DEVIATION_DECIDED_ON,
            method=DecisionMethod.MEETING,
            meeting_reference=COMMITTEE_MEETING % DEVIATION_DECIDED_ON.isoformat(),
            on=DEVIATION_DECIDED_ON,
        )
        self.c.created += 1

    def _self_assessed(self) -> None:
        product = self.c.products[SELF_ASSESSED_PRODUCT]
        for key in self._keys("N1"):
            answer = self._answer(product, key)
            if key == "N1-DOCUMENTATION":
                self._verify(answer, Rating.YELLOW, YELLOW_BASIS)
            else:
                self._verify(answer)

    def _sandbox(self) -> None:
        product = self.c.products[SANDBOX_PRODUCT]
        self._answer(product, "N1-RELEVANCE-BOTTOM-UP")
        self._answer(
            product,
            "N1-DOCUMENTATION",
            AnswerStatus.IN_DOUBT,
            "Dokumentationen er under udarbejdelse under afprøvningen.",
        )


def load_levels(products: dict[str, Product], secretariat: User, progress: Progress) -> int:
    """The level part of the demo; returns how many rows it created (0 on a second run)."""
    return LevelsLoader(products, secretariat).load(progress)
