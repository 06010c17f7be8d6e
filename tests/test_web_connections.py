"""Connections as `advisor serve` has uvicorn serve them (advisor/web/connections.py): one client address holds a
bounded number of connections, except a reverse proxy uvicorn trusts, which speaks for many clients; uvicorn's
warnings are counted, not repeated. The same on the real server: tests/test_web_attacks_slow.py."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import uvicorn
from uvicorn.server import ServerState

from advisor.web.connections import TOO_MANY_CONNECTIONS, Proxies, RefusalFilter, timed_protocol
from advisor.web.limits import Limits, RefusalLog
from tests.web_helpers import untimed


class Transport(asyncio.Transport):
    """A connection from `peer` that only records whether it was closed."""

    def __init__(self, peer: str) -> None:
        super().__init__()
        self.peer = peer
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": (self.peer, 40000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def connect(count: int, peer: str, proxies: str, caplog: pytest.LogCaptureFixture) -> list[Transport]:
    """`count` connections from `peer` to a server whose addresses may hold 2 x 2 connections each."""

    async def made() -> list[Transport]:
        config = uvicorn.Config(lambda scope, receive, send: None, log_config=None)
        config.load()
        protocol = timed_protocol(Limits(requests_per_client=2), RefusalLog(), proxies)
        state = ServerState()
        transports = [Transport(peer) for _ in range(count)]
        for transport in transports:
            protocol(config=config, server_state=state, app_state={}).connection_made(transport)
        return transports

    with caplog.at_level(logging.WARNING, "advisor.web"):
        return asyncio.run(made())


def test_connections_over_the_limit_of_one_address_are_closed_at_once_and_logged_once(caplog):
    transports = connect(7, "192.0.2.7", "127.0.0.1", caplog)

    assert [t.closed for t in transports] == [False] * 4 + [True] * 3
    assert [untimed(r.getMessage()) for r in caplog.records] == [
        f"refused {TOO_MANY_CONNECTIONS}: 1 (192.0.2.7)"
    ]


@pytest.mark.parametrize("proxies", ["127.0.0.1,::1", "10.0.0.0/8", "*"])
def test_a_trusted_reverse_proxy_may_hold_any_number_of_connections(caplog, proxies):
    peer = "10.1.2.3" if proxies == "10.0.0.0/8" else "127.0.0.1"

    transports = connect(7, peer, proxies, caplog)

    assert not any(t.closed for t in transports)


def test_proxies_are_uvicorns_forwarded_allow_ips_addresses_networks_or_everyone():
    assert "::1" in Proxies("127.0.0.1, ::1") and "127.0.0.2" not in Proxies("127.0.0.1, ::1")
    assert "10.9.8.7" in Proxies(["10.0.0.0/8"]) and "11.0.0.1" not in Proxies(["10.0.0.0/8"])
    assert "203.0.113.9" in Proxies("*")
    assert "203.0.113.9" not in Proxies("") and "unix:/run/advisor.sock" not in Proxies("unix:/run/advisor.sock")


def test_uvicorns_warnings_are_counted_in_the_refusal_log_and_its_errors_pass(caplog):
    uvicorn_log = logging.getLogger("uvicorn.error.test")
    uvicorn_log.addFilter(RefusalFilter(RefusalLog()))
    with caplog.at_level(logging.WARNING):
        for _ in range(1000):
            uvicorn_log.warning("Invalid HTTP request received.")
        uvicorn_log.error("Exception in ASGI application")

    assert [(r.name, untimed(r.getMessage())) for r in caplog.records] == [
        ("advisor.web", "refused invalid HTTP requests (400): 1"),
        ("uvicorn.error.test", "Exception in ASGI application"),
    ]
