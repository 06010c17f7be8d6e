"""What a command reads and what it writes, checked against each other before either happens: an output is never
one of the inputs, never inside a folder being read, and never another output of the same run. An edge helper."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor.core.errors import UsageError
from advisor.words.text import text

STREAM = "-"


@dataclass(frozen=True, slots=True)
class Named:
    """A path as the command line names it: `option` ('-o', '--errors', 'input') and the path given."""

    option: str
    path: str

    def words(self) -> str:
        """'-o results.csv', or 'the input m.json' for what is not an option."""
        if self.option.startswith("-"):
            return f"{self.option} {self.path}"
        return text(f"io.paths.the_{self.option.replace(' ', '_')}", path=self.path)


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
                problems.append(text("io.paths.overwritten", output=output.words(), source=source.words()))
            elif Path(source.path).is_dir() and _inside(output.path, source.path):
                problems.append(text("io.paths.inside_read", output=output.words(), source=source.words()))
        for other in outputs[:number]:
            if _same(output.path, other.path):
                problems.append(text("io.paths.replace_other", output=output.words(), other=other.words()))
        for folder in output_folders:
            if _same(output.path, folder.path):
                problems.append(text("io.paths.not_reports_folder", output=output.words(), folder=folder.words()))
            elif Path(output.path).suffix.lower() == ".pdf" and _inside(output.path, folder.path):
                problems.append(text("io.paths.inside_reports", output=output.words(), folder=folder.words()))
    for folder in output_folders:
        for source in inputs:
            if Path(source.path).is_dir() and (_same(folder.path, source.path) or _inside(folder.path, source.path)):
                words = {"folder": folder.words(), "source": source.words()}
                same = _same(folder.path, source.path)
                problems.append(
                    text("io.paths.folder_is_read", **words) if same else text("io.paths.folder_inside_read", **words)
                )
            elif Path(source.path).suffix.lower() == ".pdf" and _inside(source.path, folder.path):
                problems.append(text("io.paths.inside_reports", output=source.words(), folder=folder.words()))
    if problems:
        raise UsageError(text("io.paths.refused", problems="; ".join(problems)))


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
