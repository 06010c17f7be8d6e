"""The web server's own sentences outside its pages: advisor serve's start-up words and refusals, the data folder
and database, the server's secret, the admin token, the busy page past --max-connections, the OpenAPI document."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # advisor serve
    "edge.web.host_unknown": "--host {host}: not an address of this machine",
    "edge.web.port_taken": "cannot listen on {host}:{port}: {reason}; choose another --port",
    "edge.web.serving": "advisor serve: {url}  (drafts in {drafts}; Ctrl-C stops)",
    "edge.web.few_files": (
        "warning: this process may open only {files} files, fewer than --max-connections {connections} needs; raise "
        "the limit (ulimit -n) or lower --max-connections."
    ),
    "edge.web.not_loopback": (
        "warning: listening on {host}, so anyone who can reach this machine can use it. Answers travel unencrypted: "
        "put it behind a reverse proxy with TLS, or bind to 127.0.0.1."
    ),
    "edge.web.no_public_url": (
        "note: links (resume links, survey links) use the host name each visitor typed, and only this machine's "
        "names and addresses are accepted; give --public-url with the address people use, like "
        "https://advisor.example.org/"
    ),
    "edge.web.stopped": "advisor serve: stopped (SIGTERM)",
    "edge.web.admin_token_from_env": "from ADVISOR_ADMIN_TOKEN",
    "edge.web.admin_pages": "organiser's pages (surveys): {url}admin  admin token: {token}",
    "edge.web.admin_token_short": "{variable}: use at least {length} characters (or unset it for a random token)",
    "edge.web.unknown_host_detail": "the last for {host} from {address}",
    # the data folder and its database
    "edge.web.the_data_folder": "the data folder",
    "edge.web.database_unwritable": "{where} {folder}: {name}: {reason} (advisor needs to write its database there)",
    "edge.web.folder_unmade": "{where}: the folder cannot be made: {reason}",
    "edge.web.not_a_folder": "{where}: not a folder (advisor keeps its database in a folder)",
    "edge.web.folder_unwritable": "{where}: {reason} (advisor needs to write its database there)",
    "edge.web.folder_was_open": "warning: {where} was readable by others (mode {mode}); it is now 0700",
    "edge.web.folder_is_open": (
        "warning: {where} is readable by others (mode {mode}); the database files in it are private (0600), but "
        "consider a folder of your own"
    ),
    "edge.web.disk.read_only_folder": "the folder is read-only",
    "edge.web.disk.no_permission": "no permission to write there",
    "edge.web.disk.not_permitted": "writing there is not permitted",
    "edge.web.disk.full": "the disk is full",
    "edge.web.disk.quota": "the disk quota is used up",
    "edge.web.disk.read_only_database": "the database is read-only",
    "edge.web.disk.busy": "the database is busy",
    "edge.web.disk.unwritable": "the database cannot be written ({error})",
    "edge.web.newer_database": (
        "{database}: the database has schema version {version}, newer than this advisor knows ({known}): run a newer "
        "advisor, or give another data folder"
    ),
    "edge.web.secret_unkept": "{path}: cannot keep the server's secret there: {reason}; check --data",
    "edge.web.secret_foreign": "{path}: not a secret advisor made (64 hex digits); delete it and start again",
    # past --max-connections (uvicorn's limit): a page without assets, or the problem as JSON
    "edge.web.busy.message": (
        "This server has too many requests in progress just now, so yours was not handled and nothing was saved. "
        "What you saved before is kept. Try again in {seconds} seconds."
    ),
    "edge.web.busy.title": "Error: Server busy · advisor",
    "edge.web.busy.heading": "Server busy",
    "edge.web.busy.again": "Try again",
    # the OpenAPI document
    "edge.web.openapi.too_large": (
        "The body is larger than the server accepts: over {kib} KiB, over {keys} keys and list items in all, or "
        "nested over {depth} deep (one problem says which, and where)."
    ),
}
