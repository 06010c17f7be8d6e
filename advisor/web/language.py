"""The language of each request: the browser's Accept-Language, else the server's (`--lang`, ADVISOR_LANG, English).

A pure ASGI middleware, outermost, so that every answer (pages, the JSON API's sentences, refusals) is said in the
request's language: it sets the vocabulary's current language (a `ContextVar`, which the thread pool's workers
inherit) for the request and adds `Vary: Accept-Language` to what it answers (the bundled assets do not vary).
A language advisor does not speak falls back to the server's; `en-GB`, `en-US` and `en` are English.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.words.language import accepted, current, reset_language, set_language

UNVARYING = ("/assets/",)
"""Paths whose answers are the same in every language."""


def server_language() -> str:
    """The server's own language, for requests that ask for none it speaks: `advisor serve --lang`, else
    ADVISOR_LANG, else English (the language current when the app is made)."""
    return current()


class LanguageMiddleware:
    """Speak each request's language; say that answers vary with Accept-Language."""

    def __init__(self, app: ASGIApp, default: str) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = accepted(Headers(scope=scope).get("accept-language"), self.default)
        varies = not str(scope.get("path", "")).startswith(UNVARYING)

        async def send_varying(message: Message) -> None:
            if message["type"] == "http.response.start" and varies:
                MutableHeaders(scope=message).add_vary_header("Accept-Language")
            await send(message)

        token = set_language(language)
        try:
            await self.app(scope, receive, send_varying)
        finally:
            reset_language(token)
