"""Running the web application on uvicorn: bind, say where, warn when exposed, stop cleanly on Ctrl-C and SIGTERM.

Both stop the server the same way: requests in progress get a few seconds to finish, the render workers are stopped
and their temporary files removed, the database is closed. Ctrl-C then ends the command with 130 (interrupted), as
everywhere; SIGTERM, which is how a service manager or a container stops a server, is a requested stop: exit 0.
"""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from types import FrameType

from advisor.core.errors import AdvisorError, UsageError
from advisor.web.app import create_app
from advisor.web.connections import count_refusals, raise_open_files_limit, timed_protocol
from advisor.web.retention import Retention
from advisor.web.site import Site
from advisor.words.text import text

SPARE_FILES = 64
"""Files the server needs besides its connections: the database, its journal, templates, fonts, PDFs."""


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; a clear usage error when the address is taken or unknown."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except socket.gaierror:
        raise UsageError(text("edge.web.host_unknown", host=host)) from None
    except OSError as exc:
        raise UsageError(text("edge.web.port_taken", host=host, port=str(port), reason=str(exc.strerror))) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class Terminated(AdvisorError):
    """SIGTERM: uvicorn has stopped serving (it takes the signal as Ctrl-C, then sends it again, to us); `serve`
    catches it and stops."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def is_wildcard(host: str) -> bool:
    """Whether `host` means every address of this machine (0.0.0.0, ::)."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def bound_hosts(host: str) -> tuple[str, ...]:
    """The Host names a server bound to `host` answers without --public-url: that address (or, bound to every
    address, this machine's names and the addresses they resolve to); loopback names are always added."""
    if not is_wildcard(host):
        return (host.lower(),)
    names = {host, socket.gethostname(), socket.getfqdn()}  # 0.0.0.0 itself: the address printed at start
    addresses = set()
    for name in names:
        try:
            addresses |= {str(info[4][0]) for info in socket.getaddrinfo(name, None)}
        except OSError:
            continue
    return tuple(sorted(n.lower() for n in names | addresses if n))


def serve(site: Site, host: str, port: int, open_browser: bool, say: Callable[[str], None]) -> None:
    """Serve `site` until Ctrl-C (which then arrives here as KeyboardInterrupt) or SIGTERM (a normal return)."""
    import uvicorn

    limits = site.settings.limits
    open_files = raise_open_files_limit()
    sock = bind(host, port)
    actual_port = sock.getsockname()[1]
    url = url_of(host, actual_port)
    site.settings = replace(site.settings, bound_hosts=bound_hosts(host))
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    config = uvicorn.Config(
        create_app(site),
        limit_concurrency=limits.max_connections,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        # the client's address and scheme from X-Forwarded-For/-Proto, only when the proxy sending them is named
        proxy_headers=site.settings.forwarded_allow_ips is not None,
        forwarded_allow_ips=site.settings.forwarded_allow_ips or "",
    )
    trusted = config.forwarded_allow_ips if config.proxy_headers else ""  # as uvicorn resolved them
    config.http = timed_protocol(limits, site.refusals, trusted)
    count_refusals(site.refusals)  # after uvicorn.Config, which configures its loggers
    server = uvicorn.Server(config)
    say(text("edge.web.serving", url=url, drafts=str(site.store.path)))
    for notice in site.notices:
        say(notice)
    if open_files < limits.max_connections + SPARE_FILES:
        say(text("edge.web.few_files", files=str(open_files), connections=str(limits.max_connections)))
    if not is_loopback(host):
        say(text("edge.web.not_loopback", host=host))
    if is_wildcard(host) and site.settings.public_url is None:
        say(text("edge.web.no_public_url"))
    where = text("edge.web.admin_token_from_env") if site.admin_token_given else site.admin_token
    say(text("edge.web.admin_pages", url=url, token=where))
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if in_main_thread else None
    retention = Retention(site)  # stale drafts deleted at start and hourly
    retention.start()
    try:
        server.run(sockets=[sock])
    except Terminated:
        say(text("edge.web.stopped"))
    finally:
        retention.stop()
        site.refusals.flush()  # the count of a last burst of refusals, which no later refusal would report
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        sock.close()
        site.renders.close()
        site.store.close()
