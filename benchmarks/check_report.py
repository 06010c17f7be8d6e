"""Check that `advisor report` still says exactly what frozen reference reports say. Prints a verdict per example.

    python benchmarks/check_report.py /work/baseline-15 [--date 2026-01-15]

The reference folder holds report-<example>.pdf and report-<example>.html for every bundled example, made with
`advisor report examples/<example>.json -o - --format pdf|html --date <date>`. For each example the report is
rendered again in this process and compared with its reference:

- PDF: page count; the text pypdf extracts from each page; the sequence of structure-tree tags (/S types, a
  depth-first walk from /StructTreeRoot); the document information (metadata); /Lang, /MarkInfo and the
  language of the PDF/UA identification; every font embedded (a FontFile in each font descriptor).
- HTML: the visible text (the document with its tags, styles and comments removed) is the same; markup and
  CSS may differ.

Exit status 1 when any example differs. Byte equality is reported too, but only as information: cheaper markup
changes the bytes of the PDF while keeping its text and tags.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html as html_module
import io
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def pdf_facts(data: bytes) -> dict[str, Any]:
    """What must not change in a report's PDF: pages' text, tags, metadata, fonts embedded."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data))
    tags: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                tags.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    root = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"])
    fonts: list[tuple[str, bool]] = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    name = re.sub(r"^[A-Z]{6}\+", "", str(descriptor.get("/FontName")))
                    embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                    fonts.append((name, embedded))
    return {
        "pages": len(reader.pages),
        "text": [page.extract_text() for page in reader.pages],
        "tags": tags,
        "metadata": dict(reader.metadata or {}),
        "lang": str(root.get("/Lang")),
        "marked": str(root.get("/MarkInfo", {}).get("/Marked")),
        "fonts": sorted(set(fonts)),
    }


def html_text(document: str) -> str:
    """The text a reader sees in an HTML report: tags, styles and comments removed, whitespace collapsed."""
    document = re.sub(r"<style>.*?</style>", " ", document, flags=re.DOTALL)
    document = re.sub(r"<!--.*?-->", " ", document, flags=re.DOTALL)
    document = re.sub(r"<[^>]+>", " ", document)
    return " ".join(html_module.unescape(document).split())


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The names of the facts that differ, with the first differing page or tag."""
    found = []
    for key, value in before.items():
        if value == after[key]:
            continue
        if key == "text":
            pages = [i + 1 for i, (a, b) in enumerate(zip(value, after[key])) if a != b]
            found.append(f"text of pages {pages}")
        elif key == "tags":
            at = next((i for i, (a, b) in enumerate(zip(value, after[key])) if a != b), None)
            found.append(f"tags ({len(value)} before, {len(after[key])} after, first difference at {at})")
        else:
            found.append(f"{key}: {value!r} -> {after[key]!r}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference", type=Path, help="folder with report-<example>.pdf and .html")
    parser.add_argument("--date", default="2026-01-15", help="the date the references were made with")
    args = parser.parse_args()

    from advisor.io.sources import load_profile, load_rules
    from advisor.report.render import profile_digest, render_html, render_pdf

    rules = load_rules(None)
    date = dt.date.fromisoformat(args.date)
    failed = 0
    for path in EXAMPLES:
        raw = path.read_bytes()
        html = render_html(load_profile(str(path), rules), rules, profile_digest(raw), date)
        pdf = render_pdf(html)
        reference_pdf = (args.reference / f"report-{path.stem}.pdf").read_bytes()
        reference_html = (args.reference / f"report-{path.stem}.html").read_text(encoding="utf-8")
        before, after = pdf_facts(reference_pdf), pdf_facts(pdf)
        problems = differences(before, after)
        if html_text(html) != html_text(reference_html):
            problems.append("HTML text")
        if not all(embedded for _, embedded in after["fonts"]):
            problems.append("a font is not embedded")
        same_bytes = "PDF bytes identical" if pdf == reference_pdf else "PDF bytes differ"
        verdict = "DIFFERENT: " + "; ".join(problems) if problems else "same text, tags, metadata and fonts"
        print(
            f"{path.stem:<19} {verdict} ({after['pages']} pages, {len(after['tags'])} tags, "
            f"HTML {'identical' if html == reference_html else 'changed'}, {same_bytes})"
        )
        failed += bool(problems)
    print(f"{len(EXAMPLES) - failed} of {len(EXAMPLES)} examples unchanged")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
