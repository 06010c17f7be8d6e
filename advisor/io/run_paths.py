"""What a command reads and what it writes, checked against each other before either happens: an output is never
one of the inputs, never inside a folder being read, and never another output of the same run. An edge helper."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor.core.errors import UsageError

STREAM = "-"


@dataclass(frozen=True, slots=True)
class Named:
    """A path as the command line names it: `option` ('-o', '--errors', 'input') and the path given."""

    option: str
    path: str

    def words(self) -> str:
        """'-o results.csv', or 'the input m.json' for what is not an option."""
        return f"{self.option} {self.path}" if self.option.startswith("-") else f"the {self.option} {self.path}"


def rules_input(rules: str | Path | None) -> list[Named]:
    """The --rules file as an input, when it is a file (not a bundled rules name such as 'extended')."""
    return named("--rules", rules) if rules is not None and Path(rules).is_file() else []


def named(option: str, path: str | Path | None) -> list[Named]:
    """`path` under `option`, or nothing for no path or a standard stream ('-')."""
    return [] if path is None or str(path) == STREAM else [Named(option, str(path))]


def input_paths(option: str, items: Iterable[str]) -> list[Named]:
    """The files and folders that inputs as batch reads them (files, folders, globs, '-') name, without reading them."""
    found: list[Named] = []
    for item in items:
        if item != STREAM and not Path(item).exists() and glob.has_magic(item):
            found += [Named(option, match) for match in sorted(glob.glob(item, recursive=True))]
        else:
            found += named(option, item)
    return found


def check_run_paths(inputs: Sequence[Named], outputs: Sequence[Named], output_folders: Sequence[Named] = ()) -> None:
    """Refuse (exit 2) an output file that is an input, lies in an input folder or is another output; and an output
    folder (which gets .pdf files) that is or lies in an input folder, or that holds an input or output named .pdf."""
    problems: list[str] = []
    for number, output in enumerate(outputs):
        if _is_special(output.path):  # /dev/null and the like: nothing in them can be lost
            continue
        for source in inputs:
            if _same(output.path, source.path):
                problems.append(f"{output.words()} is also {source.words()}: it would be overwritten")
            elif Path(source.path).is_dir() and _inside(output.path, source.path):
                problems.append(f"{output.words()} is inside {source.words()}, which is being read")
        for other in outputs[:number]:
            if _same(output.path, other.path):
                problems.append(f"{output.words()} is also {other.words()}: one would replace the other")
        for folder in output_folders:
            if _same(output.path, folder.path):
                problems.append(f"{output.words()} is also {folder.words()}: a file cannot be the reports folder")
            elif Path(output.path).suffix.lower() == ".pdf" and _inside(output.path, folder.path):
                problems.append(f"{output.words()} is inside {folder.words()}, which gets the PDF reports")
    for folder in output_folders:
        for source in inputs:
            if Path(source.path).is_dir() and (_same(folder.path, source.path) or _inside(folder.path, source.path)):
                problems.append(
                    f"{folder.words()} is {'' if _same(folder.path, source.path) else 'inside '}"
                    f"{source.words()}, which is being read"
                )
            elif Path(source.path).suffix.lower() == ".pdf" and _inside(source.path, folder.path):
                problems.append(f"{source.words()} is inside {folder.words()}, which gets the PDF reports")
    if problems:
        raise UsageError("; ".join(problems) + "; nothing was read or written: choose another output")


def _is_special(path: str) -> bool:
    """An existing device, pipe or socket (/dev/null): written in place, holding nothing to protect."""
    target = Path(path)
    return target.exists() and not target.is_file() and not target.is_dir()


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def _same(a: str, b: str) -> bool:
    """The same file: by device and inode when both exist (hard and symbolic links), else by the resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return _real(a) == _real(b)


def _inside(path: str, folder: str) -> bool:
    """Whether `path` lies somewhere below `folder`."""
    real, base = Path(_real(path)), Path(_real(folder))
    return real != base and base in real.parents
