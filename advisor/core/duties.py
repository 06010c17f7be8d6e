"""Duties by jurisdiction, as data: each names its law, where it is law, whom it binds, what triggers it, from when
it applies and its source. Pure models and checks; `advisor.core.rules` embeds them in `Rules`, `advisor.core.law`
finds the ones a profile meets.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from advisor.core.context_rules import FieldCondition, Name, Text, Where, _Strict
from advisor.core.errors import Refused
from advisor.core.messages import Message

Role = Literal[
    "deployer",
    "provider",
    "controller",
    "processor",
    "covered_entity",
    "business_associate",
    "financial_institution",
    "employer",
    "lawyer",
    "organisation",
]
"""Whom a duty binds. `provider` duties apply only to a profile that offers an AI system under its own name; the
others are the reader's to recognise (shown with the duty, and in its condition)."""

Kind = Literal["law", "guidance", "practice"]
"""law: binding where it is law; guidance: a professional body's guidance (ABA, SRA, CCBE); practice: good practice
from a framework (NIST AI 600-1), the same everywhere."""

JurisdictionCode = Annotated[str, Field(pattern=r"^(any|EU|EEA|[A-Z]{2}(-[A-Z0-9]{1,3})?)$")]
"""EU, EEA, a country's ISO 3166 alpha-2 code (UK for the United Kingdom), a subdivision (US-NYC), or `any`."""

Url = Annotated[str, Field(pattern=r"^https://\S+$", max_length=500)]


class Law(_Strict):
    """The law (or guidance) and the article or section that sets the duty."""

    title: Name
    article: Name


Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Jurisdiction(_Strict):
    """Where a law is law: a region of the profile's (`region`: EU, UK), and or a country (`country`: US), with the
    countries it also covers (`also`: the EEA's Iceland, Liechtenstein and Norway; Puerto Rico for US law), or a part of
    a country (`within`: a state or city, which a profile can never place itself in: its duties only ever 'would
    apply')."""

    title: Name
    region: Name | None = None
    country: Country | None = None
    also: list[Country] = Field(default_factory=list)
    within: bool = False

    @model_validator(mode="after")
    def _one_place(self) -> Jurisdiction:
        if self.region is None and self.country is None:
            raise Refused(Message.of("problem.duties.jurisdiction.place"))
        return self

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries the law covers by name (its country and those it also covers)."""
        return (*((self.country,) if self.country else ()), *self.also)


class Duty(_Strict):
    """One duty: the step to take, the law that sets it, where and for whom, when it triggers, and from when."""

    title: Name
    step: Text
    law: Law
    kind: Kind = "law"
    jurisdiction: JurisdictionCode
    binds: list[Role] = Field(min_length=1)
    when: FieldCondition
    applies_from: dt.date
    applies_until: dt.date | None = None
    source: Url
    checked: dt.date
    rationale: Text
    condition: Text | None = Field(None, description="who it binds, in words: 'if you are a HIPAA covered entity'")
    through_output: bool = Field(
        False, description="the law reaches the organisation where its output is used too (EU AI Act Art. 2(1)(c))"
    )
    tools_need: list[Literal["indemnity", "baa", "eu_residency", "on_premises"]] = Field(
        default_factory=list, description="what a provider's tools must offer for it (a BAA): only such tools are named"
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Duty:
        if self.applies_until is not None and self.applies_until < self.applies_from:
            raise Refused(Message.of("problem.duties.dates"))
        if (self.jurisdiction == "any") != (self.kind == "practice"):
            raise Refused(Message.of("problem.duties.any"))
        return self


def check_duties(
    duties: dict[str, Duty], jurisdictions: dict[str, Jurisdiction], region_names: tuple[str, ...]
) -> list[tuple[Where, Message]]:
    """Problems across the duties: a jurisdiction not described, a region the regions table does not have."""
    problems: list[tuple[Where, Message]] = []
    for code, place in jurisdictions.items():
        if place.region is not None and place.region not in region_names:
            known = ", ".join(region_names)
            problems.append((("jurisdictions", code, "region"), Message.of("problem.duties.region", region=place.region, known=known)))
    for did, duty in duties.items():
        if duty.jurisdiction != "any" and duty.jurisdiction not in jurisdictions:
            known = ", ".join(jurisdictions)
            problems.append(
                (("duties", did, "jurisdiction"), Message.of("problem.duties.jurisdiction", code=duty.jurisdiction, known=known))
            )
    return problems
