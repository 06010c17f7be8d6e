"""The value sets the core's modules share (recommendation, verdict, ring ...), in one place that imports nothing
from advisor: a module that needs only a type imports it from here, so type imports never form a circle."""

from __future__ import annotations

import typing
from typing import Literal

Recommendation = Literal["llm", "generative_ai", "hybrid", "neither"]
BetterFit = Literal["llm", "generative_ai", "even"]
SIDES: tuple[BetterFit, ...] = typing.get_args(BetterFit)
"""The sides a use case's ratings can favour, in this order."""
Basis = Literal["clear_margin", "split_need", "indifference_band", "low_fit"]
Verdict = Literal["robust", "moderate", "fragile", "too_close"]
VERDICTS: tuple[Verdict, ...] = typing.get_args(Verdict)
Direction = Literal["increase", "decrease"]
Ring = Literal["adopt", "trial", "assess", "hold"]
RINGS: tuple[Ring, ...] = typing.get_args(Ring)
Severity = Literal["high", "medium", "low"]
Governance = Literal["policy", "owner", "review_process", "training"]
GOVERNANCE_BASICS: tuple[str, ...] = typing.get_args(Governance)
