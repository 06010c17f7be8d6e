"""Why the recommendation came out and what would change it (advisor/core/explanation.py)."""

from __future__ import annotations

from advisor.words.plural import Plural


def _inline(text: str | Plural) -> str:
    """An English sentence's template as it reads after a colon (the English catalogue's own, never a translation)."""
    assert isinstance(text, str)
    return text[:1].lower() + text[1:]


MESSAGES: dict[str, str | Plural] = {
    "explanation.summary": "{pushes} {overall} {sure}",
    "explanation.summary.context": "{pushes} {overall} {context} {sure}",
    "explanation.lead_item": "{use_case} ({lead})",
    "explanation.lead": "+{lead}",
    "explanation.lead.below": "less than +{step}",
    "explanation.pushes.one": "{track} leads on {items}.",
    "explanation.pushes.both": "{track} leads on {items}; {other} leads on {other_items}.",
    "explanation.pushes.none": "Both tracks are rated alike on every stated need.",
    "explanation.pushes.none.context": "Both tracks are rated alike on every stated need after your context.",
    "explanation.overall.low_fit.alike": (
        "Both fits ({fit} each) are below {below}, so neither track is recommended: {advice}."
    ),
    "explanation.overall.low_fit": (
        "Both fits (LLM {llm_fit} against {genai_fit}) are below {below}, so neither track is recommended: {advice}."
    ),
    "explanation.overall.band": "{lead}, inside the indifference band of {band}, so neither is preferred.",
    "explanation.overall.split": (
        "{lead}, but each track clearly wins at least {min_share} of the weighted need (the smaller share is "
        "{share}), so both are recommended."
    ),
    "explanation.overall": "{lead}.",
    "explanation.fits.equal": "{llm} and {genai} fit equally at {fit}",
    "explanation.fits.almost": "{llm} and {genai} fit almost equally at {fit} ({leader} is ahead by {margin})",
    "explanation.fits.better": "Overall {leader} fits better by {margin} (LLM {llm_fit} against {genai_fit})",
    "explanation.context.change": "{track} from {before} to {after}",
    "explanation.context.lowered.rather": (
        "Your context lowered the fit of {changed}; on the ratings alone the recommendation would be {alone}."
    ),
    "explanation.context.lowered": "Your context lowered the fit of {changed}, without changing the recommendation.",
    "explanation.context.unseen.rather": (
        "Your context did not visibly change either fit, yet on the ratings alone the recommendation would be {alone}."
    ),
    "explanation.context.unseen": "Your context did not visibly change either fit.",
    "explanation.context.unchanged.rather": (
        "Your context changed no fit, yet on the ratings alone the recommendation would be {alone}."
    ),
    "explanation.context.unchanged": "Your context changed no fit.",
    "explanation.held": "{p} of {samples} weightings drawn around the stated priorities",
    "explanation.gap.equal": "are equal, and any difference within {band} is a tie",
    "explanation.gap.within": "differ by {margin}, within {band}, whatever the weights",
    "explanation.sure.band": (
        "The answer is too close to call by the indifference band: the fits {gap} (the same recommendation came out "
        "in {held})"
    ),
    "explanation.sure.dominance": (
        "The answer is robust: {track} is ahead on every stated need, so no weighting can change it (it held in {held})"
    ),
    "explanation.test.robust": "at least {robust} makes it robust",
    "explanation.test.moderate": "from {moderate} to {robust} is moderately robust",
    "explanation.test.fragile": "from {fragile} to {moderate} is fragile",
    "explanation.test.too_close": "below the {fragile} a fragile answer needs",
    "explanation.sure": "The answer is {verdict}: it held in {held} ({test})",
    "explanation.methods.even": Plural(
        "{n} of {methods} aggregation methods finds the tracks even",
        "{n} of {methods} aggregation methods find the tracks even",
    ),
    "explanation.methods.same": Plural(
        "{n} of {methods} aggregation methods favours the same track",
        "{n} of {methods} aggregation methods favour the same track",
    ),
    "explanation.methods.dissent": Plural("(the {dissent} does not)", "(the {dissent} do not)"),
    "explanation.sure.methods": "{sure}. {methods}.",
    "explanation.sure.methods.dissent": "{sure}. {methods} {dissent}.",
    "explanation.how.none": "",
    "explanation.how.importance": " (importance {new} instead of {current})",
    "explanation.how.unreachable": " (no importance from 0 to 5 gets there at the stated volume)",
    "explanation.edge.rise": (
        "The answer sits on an edge: any rise in the weight of {use_case} above its current {current}{how} would "
        "change the recommendation to {new}."
    ),
    "explanation.edge.fall": (
        "The answer sits on an edge: any fall in the weight of {use_case} below its current {current}{how} would "
        "change the recommendation to {new}."
    ),
    "explanation.change.raise": (
        "Raising the weight of {use_case} from {current} to {weight}{how} would change the recommendation to {new}."
    ),
    "explanation.change.lower": (
        "Lowering the weight of {use_case} from {current} to {weight}{how} would change the recommendation to {new}."
    ),
    "explanation.change.rating": (
        "If {track} were rated {to} instead of {was} for {use_case}, the recommendation would be {new}."
    ),
    "explanation.change.none": "No change of a single importance or a single rating would change the recommendation.",
}

CHANGES = ("explanation.change.raise", "explanation.change.lower", "explanation.change.rating", "explanation.change.none",
           "explanation.edge.rise", "explanation.edge.fall")
"""What would change the answer: each also said inside a sentence (`….inline`, first letter lower-case in English)."""
MESSAGES.update({f"{key}.inline": _inline(MESSAGES[key]) for key in CHANGES})
MESSAGES.update(
    {
        "explanation.finding.sure": "{sure}.",
        "explanation.finding.closest": "{sure}. Closest change: {change}",
    }
)
