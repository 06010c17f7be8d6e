"""Profile schema v1: what an organisation needs and the context it works in. A public contract.

Pure: `profile_from_bytes` and `parse_profile` validate data handed to them; reading files is the caller's job.
"""

from __future__ import annotations

import copy
import functools
from typing import Annotated, Any, Literal

import orjson
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    StrictBool,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from advisor.core import jsondata
from advisor.core.errors import Problem, ProfileError
from advisor.core.messages import Message
from advisor.core.places import canonical_country, canonical_language, canonical_region, country_of, is_region_name
from advisor.core.rules import Rules
from advisor.core.twin import Node, not_for_the_twin, twin_validator
from advisor.core.types import Governance
from advisor.core.validation import json_word, problems_from, refusal, with_value

SCHEMA_VERSION = 1
MAX_PROFILE_BYTES = 10 * 1024 * 1024

NOT_BLANK = r"[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
"""A JSON Schema pattern (ECMA 262 and Python alike) for text with a character pydantic does not strip as space."""


class JsonSchemaExtra:
    """Keywords added to a type's JSON Schema, for checks the validator makes that pydantic does not describe."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {**handler(schema), **self.keywords}


def _at_most_200(value: Any) -> Any:
    """The length limit holds for the text as sent, as the JSON Schema says (before spaces are stripped)."""
    if isinstance(value, str) and len(value) > 200:
        raise PydanticCustomError("string_too_long", "too long", {"max_length": 200})
    return value


Volume = Literal["none", "low", "medium", "high"]
Importance = Annotated[int, Field(ge=0, le=5, description="0 = not needed ... 5 = essential")]
Text200 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    BeforeValidator(_at_most_200),  # after the constraints: before them, pydantic skips min_length after stripping
    JsonSchemaExtra(pattern=NOT_BLANK),
]
"""1 to 200 characters, not all spaces; leading and trailing spaces are dropped."""
UNIQUE = JsonSchemaExtra(uniqueItems=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_MAX_REGIONS = 50


def _region_or_none(spelling: str) -> str | None:
    """The region a spelling stands for, or None when it names none (refused later, at its own path)."""
    try:
        return canonical_region(spelling)
    except ValueError:
        return None


class Organization(_Strict):
    """Who the assessment is for."""

    name: Text200
    industry: Text200 | None = None
    size: Literal["1-50", "51-250", "251-1000", "1000+"] | None = Field(None, description="number of employees")
    regions: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100), JsonSchemaExtra(format="region")]],
        Field(max_length=_MAX_REGIONS),
    ] | None = Field(
        None,
        description="where it operates: EU, UK, Other Europe, North America, Latin America, Asia-Pacific, Middle East "
        "and Africa, or a country's name or ISO 3166 code (Germany, DE, DEU), stored as its region",
    )

    countries: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100), JsonSchemaExtra(format="country")]],
        Field(max_length=250),
    ] | None = Field(
        None,
        description="the countries it operates in, as ISO 3166 alpha-2 codes (names and other codes are read too: "
        "Germany, DEU); a country given under regions is recorded here as well, and each country's region is added "
        "to regions",
    )

    @model_validator(mode="before")
    @classmethod
    def _countries_and_regions(cls, data: Any) -> Any:
        """A region given as a country keeps the country too (regions: [US] -> countries: [US], regions: [North
        America]); a country given under countries puts its region under regions."""
        if not isinstance(data, dict):
            return data
        given_regions, given_countries = data.get("regions"), data.get("countries")
        countries = list(given_countries) if isinstance(given_countries, list) else None
        if isinstance(given_regions, list):
            found = [
                code
                for item in given_regions
                if isinstance(item, str) and not is_region_name(item) and (code := country_of(item)) is not None
            ]
            if found:
                countries = [*(countries or []), *found]
        if countries is None or not all(isinstance(c, str) for c in countries):
            return data  # not a list of texts: refused as it is, at its own path
        data = {**data, "countries": countries}
        standing = [c for c in countries if country_of(c) is not None]  # an unknown one is refused under countries
        if standing and (given_regions is None or isinstance(given_regions, list)):
            # each country's region once, beside the regions as given: a country under regions is there already,
            # and 50 countries must not make the regions list too long
            given = list(given_regions or [])
            have = {_region_or_none(r) for r in given if isinstance(r, str)}
            added = []
            for country in standing:
                region = _region_or_none(country)
                if region is None or region not in have:  # a country of no region is refused under regions
                    have.add(region)
                    added.append(country)
            if len(given) + len(added) > _MAX_REGIONS >= len(given):  # the regions as given stand; duplicates go
                given = list(dict.fromkeys((_region_or_none(r) or r) if isinstance(r, str) else r for r in given))
            data["regions"] = [*given, *added]
        return data

    @field_validator("countries")
    @classmethod
    def _canonical_countries(cls, value: list[str] | None) -> list[str] | None:
        """Names and codes become alpha-2 codes (Germany -> DE); a country named twice counts once."""
        if value is None:
            return None
        return list(dict.fromkeys(canonical_country(item) for item in value))

    @field_validator("regions")
    @classmethod
    def _canonical_regions(cls, value: list[str] | None) -> list[str] | None:
        """Synonyms and countries become their region (Germany -> EU); a region named twice counts once."""
        if value is None:
            return None
        return list(dict.fromkeys(canonical_region(item) for item in value))


class Respondent(_Strict):
    """Who answered, when several people answer for one organisation (a survey): shown in the group assessment."""

    role: Text200 | None = Field(None, description="the respondent's role or department, e.g. Legal or Marketing")
    name: Text200 | None = None


Quantity = Annotated[
    float,
    Field(ge=0, le=1_000_000_000, allow_inf_nan=False),
    PlainSerializer(lambda value: int(value) if value.is_integer() else value),
]
"""A number of items a month; a whole number is written back as one (200, not 200.0)."""


class Need(_Strict):
    """How much a use case matters (importance 0-5) and how much content of it is needed (volume)."""

    importance: Importance
    volume: Volume = "medium"
    quantity: Quantity | None = Field(
        None,
        description="how much of it per month, in the unit the rules give the use case (documents, pages, images, "
        "minutes of audio or video, developers); not stated: derived from the users and the volume",
    )

    @field_validator("quantity", mode="before")
    @classmethod
    def _quantity_number(cls, value: Any) -> Any:
        if isinstance(value, (bool, str)):  # as importance: a number, never true or "5"
            raise refusal("schema.type", with_value(Message.of("problem.profile.quantity.number"), value))
        return value

    @model_serializer(mode="wrap")
    def _omit_unstated(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A quantity not stated is left out."""
        return {key: value for key, value in handler(self).items() if value is not None}

    @field_validator("importance", mode="before")
    @classmethod
    def _number_not_text(cls, value: Any) -> Any:
        if isinstance(value, (bool, str)):  # pydantic would read true as 1 and "5" as 5; a contract should not
            raise refusal("schema.type", with_value(Message.of("problem.profile.importance.whole"), value))
        if isinstance(value, (int, float)) and not 0 <= value <= 5:  # before pydantic's "exceeded maximum size"
            bound = Message.of("problem.schema.at_most" if value > 5 else "problem.schema.at_least", limit="5" if value > 5 else "0")
            raise refusal("schema.out_of_range", with_value(bound, value))
        return value


class AdoptionScale(_Strict):
    """How many people the adoption is for (the costs' per-seat plans and derived quantities count them)."""

    users: Annotated[int, Field(ge=1, le=10_000_000, strict=True)] | None = Field(
        None, description="people who would use AI tools; not stated: derived from the organisation's size"
    )

    @model_serializer(mode="wrap")
    def _omit_unstated(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A field not stated (null) is left out."""
        return {key: value for key, value in handler(self).items() if value is not None}


RegulatedData = Literal["health", "special_category", "financial", "legal_privilege"]
AiActArea = Literal[
    # prohibited practices, EU AI Act Art. 5
    "manipulation",
    "social_scoring",
    "emotion_recognition_work_education",
    "untargeted_face_scraping",
    "biometric_categorisation_sensitive",
    # high-risk areas, EU AI Act Annex III
    "biometric_identification",
    "critical_infrastructure",
    "education_access",
    "employment",
    "essential_services",
    "law_enforcement",
    "migration_border",
    "justice_democracy",
]
Language = Annotated[str, StringConstraints(min_length=1, max_length=35), JsonSchemaExtra(format="language-tag")]


def _unique(items: list[Any] | None) -> list[Any] | None:
    if items is not None and len(set(items)) != len(items):
        raise refusal("schema.duplicate", Message.of("problem.profile.duplicate"))
    return items


class Context(_Strict):
    """The context of application. Four fields have defaults; the rest are optional (null = not stated, unknown)."""

    data_sensitivity: Literal["public", "internal", "confidential", "regulated"] = "internal"
    deployment: Literal["saas", "cloud_api", "private_cloud", "on_premises", "no_preference"] = "no_preference"
    budget: Literal["low", "medium", "high"] = "medium"
    ai_skills: Literal["none", "basic", "developers", "ml_engineers"] | None = Field(
        None, description="AI skills in the organisation: none, business users (basic), developers, ML engineers"
    )
    risk_tolerance: Literal["low", "medium", "high"] = "medium"
    data_residency: Literal["none", "eu", "uk", "us", "in_country"] | None = Field(
        None, description="where the data must stay: no requirement, the EU, the UK, the US, or one country"
    )
    regulated_data: Annotated[list[RegulatedData], Field(max_length=4), UNIQUE] | None = Field(
        None, description="kinds of regulated data the tools would see"
    )
    publishes_outputs: StrictBool | None = Field(None, description="AI-made content is published to the public")
    public_chatbot: StrictBool | None = Field(None, description="a chatbot talks to the public or to customers")
    synthetic_people: StrictBool | None = Field(
        None, description="synthetic images, voices or video of real people (likenesses, voice clones)"
    )
    ip_indemnity: StrictBool | None = Field(
        None, description="the organisation needs the vendor's indemnity against IP claims on generated output"
    )
    realtime: StrictBool | None = Field(None, description="outputs are needed in real time (seconds, interactive)")
    output_regions: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100), JsonSchemaExtra(format="region")]],
        Field(max_length=50),
    ] | None = Field(
        None,
        description="where AI output is used or published, as regions (spelled as for organization.regions); not "
        "stated: where the organisation operates",
    )
    offers_ai_system: StrictBool | None = Field(
        None,
        description="the organisation offers an AI system to others under its own name (a provider under the EU AI "
        "Act); not stated: it deploys others' systems",
    )
    languages: Annotated[list[Language], Field(max_length=50), UNIQUE] | None = Field(
        None,
        description="languages of the content, as BCP 47 / ISO 639 tags in any case: "
        "en, en-GB, eng, pt-BR, zh-Hans, sw",
    )
    governance: Annotated[list[Governance], Field(max_length=4), UNIQUE] | None = Field(
        None, description="governance basics in place: an AI policy, an owner, a review process, AI-literacy training"
    )
    ai_act_areas: Annotated[list[AiActArea], Field(max_length=13), UNIQUE] | None = Field(
        None, description="planned uses the EU AI Act names: Art. 5 prohibited practices, Annex III high-risk areas"
    )

    _unique_lists = field_validator("regulated_data", "governance", "ai_act_areas")(_unique)

    @field_validator("output_regions")
    @classmethod
    def _canonical_output_regions(cls, value: list[str] | None) -> list[str] | None:
        """As organization.regions: synonyms and countries become their region; a region named twice counts once."""
        if value is None:
            return None
        return list(dict.fromkeys(canonical_region(item) for item in value))

    @field_validator("languages")
    @classmethod
    def _canonical_languages(cls, value: list[str] | None) -> list[str] | None:
        """Tags in their standard form (EN -> en, eng -> en, cmn -> zh, pt_br -> pt-BR), each language variant once."""
        if value is None:
            return None
        first: dict[str, str] = {}
        for given in value:
            tag = canonical_language(given)
            if tag in first:
                if first[tag] == given:
                    raise refusal("schema.duplicate", Message.of("problem.profile.duplicate"))
                same = Message.of("problem.profile.duplicate.language", first=first[tag], given=given, tag=tag)
                raise refusal("schema.duplicate", same)
            first[tag] = given
        return list(first)

    @model_serializer(mode="wrap")
    def _omit_unstated(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A field not stated (null) is left out, so a saved profile lists only what was said."""
        return {key: value for key, value in handler(self).items() if value is not None}


class Profile(_Strict):
    """An organisation's content needs and context, as saved by `advisor ask` and read by every scoring command."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="advisor profile, schema version 1")

    schema_version: Literal[1] = 1
    id: Text200 | None = None
    organization: Organization
    respondent: Respondent | None = None
    scale: AdoptionScale | None = None
    needs: dict[str, Need] = Field(
        default_factory=dict,
        description="use case id -> need; a use case left out has importance 0; ids are the active rules' use cases",
    )
    context: Context = Field(default_factory=Context)
    priorities_confidence: Literal["low", "medium", "high"] = Field(
        "medium", description="how sure the respondent is about the relative importance of the use cases"
    )
    notes: Annotated[str, Field(max_length=5000)] | None = None

    @field_validator("schema_version", mode="before")
    @classmethod
    def _supported_version(cls, value: Any) -> Any:
        if type(value) is not int or value != SCHEMA_VERSION:
            raise refusal(
                "profile.schema_version",
                Message.of("problem.profile.schema_version", given=json_word(value), version=str(SCHEMA_VERSION)),
            )
        return value

    @field_validator("needs", mode="before")
    @classmethod
    def _known_use_cases(cls, value: Any, info: ValidationInfo) -> Any:
        use_cases = (info.context or {}).get("use_cases")
        if use_cases is not None and isinstance(value, dict):
            unknown = [key for key in value if key not in use_cases]
            if unknown:
                raise refusal(
                    "profile.use_case.unknown",
                    Message.of("problem.profile.use_case.unknown", use_case=unknown[0], known=", ".join(use_cases)),
                )
        return value

    def importance(self, use_case: str) -> int:
        """The stated importance of `use_case`, 0 when it was left out."""
        need = self.needs.get(use_case)
        return need.importance if need else 0


# The twin of Profile's validator (see advisor.core.twin): a valid profile is read without most of the Python checks
# above, and anything the twin declines is validated by Profile itself, so that every problem is told as it says.

_PLACES = ("regions", "countries")
_ABSENT = object()
"""A list of places not given at all (not the same as null: the key is then among the fields set)."""


def _texts(places: Any) -> Any:
    """Places as a key of `_places`: a list of texts as a tuple, None and `_ABSENT` as they are; else declined."""
    if places is None or places is _ABSENT:
        return places
    if type(places) is list:
        for item in places:
            if type(item) is not str:
                break
        else:
            return tuple(places)
    raise not_for_the_twin()


@functools.lru_cache(maxsize=512)  # a batch names the same few regions and countries
def _places(regions: Any, countries: Any) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """The regions and countries Organization makes of these (each with the key, when it ends up set), read once."""
    given = {
        key: value if value is None else list(value)
        for key, value in zip(_PLACES, (regions, countries), strict=True)
        if value is not _ABSENT
    }
    try:
        organization = Organization.model_validate({"name": "-", **given})
    except ValidationError:
        raise not_for_the_twin() from None
    made = ((key, getattr(organization, key)) for key in _PLACES if key in organization.model_fields_set)
    return tuple((key, value if value is None else tuple(value)) for key, value in made)


def _placed(data: Any) -> Any:
    """`Organization._countries_and_regions` and then the canonical forms of both lists, as the model makes them
    (the regions and countries of an organisation depend on these two lists alone)."""
    if type(data) is not dict:
        raise not_for_the_twin()
    regions, countries = data.get("regions", _ABSENT), data.get("countries", _ABSENT)
    if (regions is None or regions is _ABSENT) and (countries is None or countries is _ABSENT):
        return data  # as the model: nothing to add, nothing to make canonical
    placed = data.copy()
    for key, value in _places(_texts(regions), _texts(countries)):
        placed[key] = value if value is None else list(value)
    return placed


def _length_as_sent(node: Node, inner: Node) -> Node:
    """`_at_most_200`: a text (strict: never bytes or a number read as one) of at most 200 characters as sent."""
    return {"type": "chain", "steps": [core_schema.str_schema(strict=True, max_length=200), inner]}


def _strict_number(node: Node, inner: Node) -> Node:
    """`_number_not_text`, `_quantity_number`: pydantic's strict number refuses true, "5" and any other non-number;
    the range is the inner schema's."""
    if inner["type"] == "nullable":
        return {**inner, "schema": {**inner["schema"], "strict": True}}
    return {**inner, "strict": True}


def _all_placed(node: Node, inner: Node) -> Node:
    """Organization's places, before its fields are read: `_placed`."""
    return {**node, "function": {"type": "no-info", "function": _placed}, "schema": inner}


def _checked_by_the_caller(node: Node, inner: Node) -> Node:
    """`Profile._known_use_cases`: `_read_by_twin` checks the use cases, knowing the rules."""
    return inner


def _made_by_placed(node: Node, inner: Node) -> Node:
    """The canonical forms of regions and countries: made by `_placed` already."""
    return inner


_TWIN = twin_validator(
    Profile,
    {
        Profile._known_use_cases: _checked_by_the_caller,
        _at_most_200: _length_as_sent,
        Need._number_not_text: _strict_number,
        Need._quantity_number: _strict_number,
        Organization._countries_and_regions: _all_placed,
        Organization._canonical_countries: _made_by_placed,
        Organization._canonical_regions: _made_by_placed,
    },
)


def _read_by_twin(data: dict[str, Any], rules: Rules) -> Profile | None:
    """The profile the twin makes of `data`, or None when it declines it (the model then reads it or says why).

    The twin takes needs of any use case: here the needs are read only when the rules know each of their use cases
    (`Profile._known_use_cases`; use_case_ids are the keys of use_cases)."""
    if "needs" in data:
        needs = data["needs"]
        if type(needs) is not dict or not needs.keys() <= rules.use_cases.keys():
            return None
    try:
        profile: Profile = _TWIN.validate_python(data)
    except ValidationError:
        return None
    return profile


def parse_profile(data: Any, rules: Rules, source: str) -> Profile:
    """Validate decoded JSON data as a profile for `rules`; raise `ProfileError` listing every problem."""
    if not isinstance(data, dict):
        raise ProfileError(
            source, Problem("", Message.of(f"problem.profile.not_object.{_json_kind(data)}"), code="profile.not_object")
        )
    if "advisor_draft" in data:
        raise ProfileError(
            source,
            Problem(
                "",
                Message.of("problem.profile.draft", source=source),
                code="profile.draft",
            ),
        )
    profile = _read_by_twin(data, rules)
    if profile is None:  # the twin declines: the model says why (or, for data only it reads, reads it)
        try:
            profile = Profile.model_validate(data, context={"use_cases": rules.use_case_ids})
        except ValidationError as exc:
            raise ProfileError(source, problems_from(exc, model=Profile)) from None
    factors = rules.volume_factors
    for need in profile.needs.values():
        if need.importance > 0 and factors[need.volume] > 0:
            return profile
    raise ProfileError(
        source,
        Problem(
            "needs",
            Message.of("problem.profile.needs.none"),
            code="profile.needs.none",
        ),
    )


def decode_json(raw: bytes, source: str) -> Any:
    """Decode the bytes of one JSON document, with a clear error for each way it can be broken."""
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(
            source,
            Problem("", Message.of("problem.file.too_large", mib=str(MAX_PROFILE_BYTES // (1024 * 1024))), code="file.too_large"),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return jsondata.loads(raw)
    except orjson.JSONDecodeError as exc:
        # orjson reads only whole UTF-8 JSON, so text it decodes is neither empty nor badly encoded: those are told
        # apart here, after it failed, and in this order
        if not raw.strip():
            raise ProfileError(source, Problem("", Message.of("problem.profile.empty"), code="file.empty")) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            line, column = _position(raw[: bad.start].decode("utf-8", "replace"))
            raise ProfileError(
                source, Problem("", Message.of("problem.file.encoding", byte=str(bad.start)), line, column, code="file.encoding")
            ) from None
        line, column = _position(text[: exc.pos])
        raise ProfileError(
            source, Problem("", Message.of("problem.json.syntax", reason=_json_reason(exc, text)), line, column, code="json.syntax")
        ) from None
    except jsondata.DuplicateKeys as exc:
        raise ProfileError(source, duplicate_problems(exc)) from None


def duplicate_problems(error: jsondata.DuplicateKeys) -> list[Problem]:
    """One located problem per key a JSON text gives twice: 'needs.writing.importance (line 7 column 5): ...'."""
    return [
        Problem(
            d.path,
            Message.of("problem.json.duplicate_key"),
            d.line,
            d.column,
            code="json.duplicate_key",
        )
        for d in error.duplicates
    ]


def profile_from_bytes(raw: bytes, rules: Rules, source: str) -> Profile:
    """Decode and validate one profile from its bytes."""
    return parse_profile(decode_json(raw, source), rules, source)


def profile_json_schema(rules: Rules) -> dict[str, Any]:
    """The JSON Schema of profile v1, with `needs` limited to the active rules' use cases."""
    schema = copy.deepcopy(Profile.model_json_schema())
    needs = schema["properties"]["needs"]
    need_ref = needs["additionalProperties"]
    needs["properties"] = {
        uid: {**need_ref, "description": f"{uc.title}: {uc.description}"} for uid, uc in rules.use_cases.items()
    }
    needs["additionalProperties"] = False
    needs["anyOf"] = [_content_need(uid, rules) for uid in rules.use_cases]
    schema["required"] = [*schema["required"], "needs"]  # `parse_profile` asks for some content need
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return schema


def _content_need(use_case: str, rules: Rules) -> dict[str, Any]:
    """The schema of `needs` that asks for some content of `use_case`, as `parse_profile` asks for one use case."""
    counted = [volume for volume, factor in rules.volume_factors.items() if factor > 0]
    need: dict[str, Any] = {"properties": {"importance": {"minimum": 1}, "volume": {"enum": counted}}}
    if Need.model_fields["volume"].default not in counted:
        need["required"] = ["volume"]
    return {"required": [use_case], "properties": {use_case: need}}


def _position(prefix: str) -> tuple[int, int]:
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _json_reason(exc: orjson.JSONDecodeError, text: str) -> Message | str:
    """Why a text is not JSON: said for the cases a person meets, else the JSON parser's own words."""
    reason = exc.msg
    lowered = reason.lower()
    ahead = text[exc.pos : exc.pos + 9].lstrip("-")
    if ahead.startswith(("NaN", "Infinity")):
        return Message.of("problem.json.not_a_number")
    if "depth" in lowered or "recursion" in lowered:
        return Message.of("problem.json.too_deep")
    if "infinity when parsed" in lowered or "64-bit" in lowered:
        return Message.of("problem.json.number_too_large")
    return reason


def _json_kind(data: Any) -> str:
    """The kind of a JSON value that is not an object: list, string, null, boolean or number."""
    if isinstance(data, list):
        return "list"
    if isinstance(data, str):
        return "string"
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "boolean"
    return "number"
