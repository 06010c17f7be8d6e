"""Every questionary and prompt_toolkit detail, behind one `ask` method. An edge of the core."""

from __future__ import annotations

from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.styles import Style

from advisor.answers import BACK, answer_problem
from advisor.questions import Question

KEYS_HINT = "Ctrl-B back · Ctrl-C save and stop"
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
        return prompt.unsafe_ask(patch_stdout=False)

    def _prompt(self, question: Question, default: Any) -> questionary.Question:
        message = question.prompt
        if question.type == "text":

            def check(text: str) -> bool | str:
                return answer_problem(question, text.strip()) or True

            return questionary.text(
                message,
                default="" if default is None else str(default),
                validate=check,
                instruction=f"({KEYS_HINT})",
                style=STYLE,
            )
        if question.type == "confirm":
            return questionary.confirm(message, default=bool(default), instruction=f"(y/n · {KEYS_HINT}) ", style=STYLE)
        if question.type == "checkbox":
            chosen = default if isinstance(default, list) else []
            choices = [
                questionary.Choice(c.label, value=c.value, checked=c.value in chosen) for c in question.choices or []
            ]
            return questionary.checkbox(
                message, choices=choices, instruction=f"(Space selects, Enter confirms · {KEYS_HINT})", style=STYLE
            )
        if question.type == "scale":
            choices = [
                questionary.Choice(f"{level}  {label}", value=level) for level, label in enumerate(self.scale_labels)
            ]
        else:
            choices = [questionary.Choice(c.label, value=c.value) for c in question.choices or []]
        values = [c.value for c in choices]
        selected = next((c for c in choices if c.value == default), choices[0] if values else None)
        return questionary.select(
            message, choices=choices, default=selected, instruction=f"(↑↓ Enter · {KEYS_HINT})", style=STYLE
        )
