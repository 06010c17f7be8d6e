"""An edge's own words by id: `text("terminal.why")`, `text("web.title.not_found", name=...)`.

For the sentences a view writes itself (headings, labels, refusals), not for what the core decided (those are
`Message`s the core returns). Parameters are filled in as `say` fills a message's: plain strings as given, numbers
by their kind."""

from __future__ import annotations

from advisor.core.messages import Message, Param
from advisor.words.say import say


def text(message_id: str, **params: Param) -> str:
    """The words of catalogue entry `message_id`, its fields filled with `params`."""
    return say(Message(message_id, tuple(params.items())))  # not Message.of: a parameter may be named `id`
