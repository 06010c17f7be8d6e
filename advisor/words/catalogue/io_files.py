"""The io edge's messages (advisor/io: exits, atomic, run_paths, sources, views): how a command ends, what it refuses
to read or write, and the line it prints for a valid input."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # how a command ends (io/exits.py)
    "io.interrupted": "advisor: interrupted",
    "io.unexpected": "advisor: unexpected error: {kind}: {detail}",
    "io.bug": "This is a bug in advisor. Run again with ADVISOR_DEBUG=1 to see the details, and please report it.",
    # an output that cannot be a file (io/atomic.py)
    "io.output.is_directory": "{named}: is a directory; give a file name for the output",
    "io.output.no_folder": "{named}: the folder {folder} does not exist; create it first",
    "io.output.folder_is_file": "{named}: {folder} is a file, not a folder",
    # what a command reads and writes, checked against each other (io/run_paths.py)
    "io.paths.the_input": "the input {path}",
    "io.paths.the_profile": "the profile {path}",
    "io.paths.the_default_output": "the default output {path}",
    "io.paths.overwritten": "{output} is also {source}: it would be overwritten",
    "io.paths.inside_read": "{output} is inside {source}, which is being read",
    "io.paths.replace_other": "{output} is also {other}: one would replace the other",
    "io.paths.not_reports_folder": "{output} is also {folder}: a file cannot be the reports folder",
    "io.paths.inside_reports": "{output} is inside {folder}, which gets the PDF reports",
    "io.paths.folder_is_read": "{folder} is {source}, which is being read",
    "io.paths.folder_inside_read": "{folder} is inside {source}, which is being read",
    "io.paths.refused": "{problems}; nothing was read or written: choose another output",
    # an input that cannot be read (io/sources.py)
    "io.file.missing": "no such file",
    "io.file.is_directory": "is a directory, not a file",
    "io.file.permission": "permission denied",
    "io.file.unreadable": "cannot be read: {reason}",
    "io.rules.extends_missing": "{file}: no such file {where}, nor among the bundled rules (default.yaml is one)",
    "io.rules.in_folder": "in {folder}",
    "io.rules.in_this_folder": "in this folder",
    # --date and SOURCE_DATE_EPOCH (io/dates.py)
    "io.date.given": "--date {given}: expected a date as YYYY-MM-DD",
    "io.date.epoch": "SOURCE_DATE_EPOCH={epoch}: expected whole seconds since 1970",
    # --format and the output's extension (io/output_format.py)
    "io.format.contradicts": (
        "--format {requested} contradicts {output} (a .{suffix} file is {named}); drop --format or name the file "
        ".{extension}"
    ),
    "io.format.unknown": "{output}: unknown output format '.{suffix}'; the known ones are {known} (or give --format)",
    # a valid input (io/views.py)
    "io.valid_profile": "{name}: valid ({organisation})",
    "io.valid_rules": "{name}: valid rules '{rules}' {version}, {use_cases}",
}
