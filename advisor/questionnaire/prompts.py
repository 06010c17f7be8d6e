"""Every questionary and prompt_toolkit detail, behind one `ask` method. An edge of the core."""

from __future__ import annotations

from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.styles import Style

from advisor.questionnaire.answers import BACK, answer_problem, checked_answer, typed_answer
from advisor.questionnaire.questions import Question
from advisor.words.text import text

KEYS_HINT = text("questionnaire.keys")
SKIP_LABEL = text("questionnaire.skip")
_SKIP = object()  # the value of the skip entry of an optional select
_NONE = object()  # the value of a checkbox's "none of these" entry
STYLE = Style(
    [("qmark", "fg:#5f87ff bold"), ("question", "bold"), ("instruction", "fg:#808080"), ("answer", "fg:#5fafff bold")]
)


class PromptAsker:
    """Asks one question at a time with real questionary prompts."""

    def __init__(self, scale_labels: tuple[str, ...]) -> None:
        self.scale_labels = scale_labels

    def ask(self, question: Question, default: Any) -> Any:
        """The answer, `BACK`, or KeyboardInterrupt on Ctrl-C."""
        prompt = self._prompt(question, default)
        back = KeyBindings()

        @back.add("c-b")
        def _go_back(event: Any) -> None:
            event.app.exit(result=BACK)

        existing = prompt.application.key_bindings
        prompt.application.key_bindings = merge_key_bindings([existing, back] if existing else [back])
        result = prompt.unsafe_ask(patch_stdout=False)
        if result is _SKIP:
            return None
        if question.type == "checkbox" and isinstance(result, list):
            return _checked(question, result)[0]
        return result

    def _prompt(self, question: Question, default: Any) -> questionary.Question:
        message = question.prompt
        if question.type == "number":

            def check_number(typed: str) -> bool | str:
                return answer_problem(question, typed_answer(question, typed)) or True

            unit = f"{question.unit} · " if question.unit else ""
            return questionary.text(
                message,
                default="" if default is None else str(default),
                validate=check_number,
                instruction=f"({unit}{text('questionnaire.quantities.hint')} · {KEYS_HINT})",
                style=STYLE,
            )
        if question.type == "text":

            def check(text: str) -> bool | str:
                return answer_problem(question, typed_answer(question, text)) or True

            shown = ", ".join(map(str, default)) if isinstance(default, list) else default
            return questionary.text(
                message,
                default="" if shown is None else str(shown),
                validate=check,
                instruction=f"({KEYS_HINT})",
                style=STYLE,
            )
        if question.type == "confirm":
            if question.optional and default is None:
                # questionary's Enter answers the default, so a default of None makes Enter skip the question
                skip: Any = None
                hint = f"({text('questionnaire.hint.confirm_skip')} · {KEYS_HINT}) "
                return questionary.confirm(message, default=skip, instruction=hint, style=STYLE)
            return questionary.confirm(message, default=bool(default), instruction=f"(y/n · {KEYS_HINT}) ", style=STYLE)
        if question.type == "checkbox":
            chosen = default if isinstance(default, list) else []
            choices = [
                questionary.Choice(c.label, value=c.value, checked=c.value in chosen) for c in question.choices or []
            ]
            if question.none_choice is not None:
                choices.append(questionary.Choice(question.none_choice, value=_NONE, checked=default == []))

            def check_boxes(selected: list[Any]) -> bool | str:
                value, problem = _checked(question, selected)
                return problem or answer_problem(question, value) or True

            hint = text("questionnaire.hint.checkbox_skip" if question.optional else "questionnaire.hint.checkbox")
            return questionary.checkbox(
                message,
                choices=choices,
                validate=check_boxes,
                instruction=f"({hint} · {KEYS_HINT})",
                style=STYLE,
            )
        if question.type == "scale":
            choices = [
                questionary.Choice(f"{level}  {label}", value=level) for level, label in enumerate(self.scale_labels)
            ]
        else:
            choices = [questionary.Choice(c.label, value=c.value) for c in question.choices or []]
            if question.optional:
                choices.append(questionary.Choice(SKIP_LABEL, value=_SKIP))
                if default is None:
                    default = _SKIP
        values = [c.value for c in choices]
        selected = next(
            (c for c in choices if c.value is default or c.value == default), choices[0] if values else None
        )
        return questionary.select(
            message, choices=choices, default=selected, instruction=f"(↑↓ Enter · {KEYS_HINT})", style=STYLE
        )


def _checked(question: Question, selected: list[Any]) -> tuple[Any, str | None]:
    """The answer of the ticked boxes, and its problem (see `checked_answer`)."""
    return checked_answer(question, [v for v in selected if v is not _NONE], _NONE in selected)
