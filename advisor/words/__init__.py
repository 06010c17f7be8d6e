"""The one vocabulary: every sentence a user reads is said here, from a core `Message` or a label id.

An edge between the core and the views (io, report, web, batch, group import it; the core never does). Messages are
kept in `advisor/words/catalogue/*.py`, one module per area, each a `MESSAGES` dict of id -> English template
(`str.format` fields named like the message's parameters; a `Plural` where the words agree with a count). `say()`
looks the template up, passes it through the language's translations (gettext; English is the identity) and fills
in the parameters, each said for that language: numbers by `advisor.words.numbers`, lists joined for the language,
data texts from the language's overlay of rules/ and questions.yaml.
"""

from __future__ import annotations

from advisor.words.plural import Plural
from advisor.words.say import said, say, template

__all__ = ["Plural", "said", "say", "template"]
