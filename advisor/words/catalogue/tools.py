"""What the deployment path says about its example tools when the profile requires facts of them
(advisor/core/deployment.py `choose_tools`): the facts' names and the note beside the tools."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    "deployment.tools.fact.indemnity": "IP indemnity",
    "deployment.tools.fact.baa": "a business associate agreement (BAA)",
    "deployment.tools.fact.eu_residency": "EU data residency",
    "deployment.tools.fact.on_premises": "on-premises deployment",
    "deployment.tools.filtered": "only tools known to offer {facts}",
    "deployment.tools.none_satisfies": "none of the example tools of this path is known to offer {facts}; ask the vendor",
}
