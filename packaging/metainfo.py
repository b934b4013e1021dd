#!/usr/bin/env python3
"""Keep the AppStream metainfo's screenshots and releases in step with README and CHANGELOG.

    python packaging/metainfo.py           # rewrite the generated blocks in place
    python packaging/metainfo.py --check   # exit 1 if they are out of date (the tests run this)

Screenshots are the README's images under ``docs/screenshots/``, in README order, captioned
with their alt text, as URLs into the repository at the release tag (``v<version>``), so a
store shows the pictures that shipped with that version. Releases are the CHANGELOG's
``## [X.Y.Z] - YYYY-MM-DD`` sections, newest first; ``[Unreleased]`` is left out until it is
released. Everything else in the metainfo file is written by hand.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from desk_breaks import APP_ID, __version__  # noqa: E402

METAINFO = HERE / "linux" / f"{APP_ID}.metainfo.xml"
REPOSITORY = "https://github.com/deskbreaks/DeskBreaks"
RAW_BASE = "https://raw.githubusercontent.com/deskbreaks/DeskBreaks"

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]+)\]\((?P<path>docs/screenshots/[^)\s]+\.png)\)")
_RELEASE = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+[^\]]*)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


@dataclass(frozen=True)
class Screenshot:
    """One README screenshot."""

    path: str
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class Release:
    """One released version from the changelog."""

    version: str
    date: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # ("Added", (item, ...)), ...


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def screenshots(readme: str, root: Path = ROOT) -> list[Screenshot]:
    """The README's screenshots, in order, each once."""
    seen: dict[str, Screenshot] = {}
    for match in _IMAGE.finditer(readme):
        path = match["path"]
        if path not in seen:
            width, height = png_size(root / path)
            seen[path] = Screenshot(path, match["alt"].strip(), width, height)
    return list(seen.values())


def _plain(markdown: str) -> str:
    # AppStream release notes take plain paragraphs and lists: drop inline markup.
    text = _LINK.sub(r"\1", markdown).replace("`", "").replace("**", "")
    return " ".join(text.split())


def releases(changelog: str) -> list[Release]:
    """The released versions of a Keep a Changelog file, in file order (newest first)."""
    found: list[Release] = []
    current: dict[str, list[str]] | None = None
    version = date = heading = ""

    def close() -> None:
        if current is not None:
            sections = tuple((name, tuple(items)) for name, items in current.items() if items)
            found.append(Release(version, date, sections))

    for line in changelog.splitlines():
        if line.startswith("## "):
            close()
            match = _RELEASE.match(line)
            current = {} if match else None
            if match:
                version, date = match["version"], match["date"]
            heading = ""
        elif current is None:
            continue
        elif line.startswith("### "):
            heading = line[4:].strip()
            current.setdefault(heading, [])
        elif line.startswith("- "):
            current.setdefault(heading or "Changes", []).append(line[2:])
        elif line.startswith("  ") and line.strip() and current.get(heading or "Changes"):
            current[heading or "Changes"][-1] += " " + line.strip()
    close()
    return found


def screenshots_block(shots: list[Screenshot], version: str, indent: str = "  ") -> str:
    """The ``<screenshots>`` element, the first screenshot being the default."""
    lines = [f"{indent}<screenshots>"]
    for index, shot in enumerate(shots):
        kind = ' type="default"' if index == 0 else ""
        url = f"{RAW_BASE}/v{version}/{shot.path}"
        lines += [
            f"{indent * 2}<screenshot{kind}>",
            f"{indent * 3}<caption>{escape(shot.caption)}</caption>",
            f'{indent * 3}<image type="source" width="{shot.width}" height="{shot.height}">'
            f"{escape(url)}</image>",
            f"{indent * 2}</screenshot>",
        ]
    lines.append(f"{indent}</screenshots>")
    return "\n".join(lines)


def releases_block(found: list[Release], indent: str = "  ") -> str:
    """The ``<releases>`` element, or nothing while no version has been released."""
    if not found:
        return f"{indent}<!-- no released version in CHANGELOG.md yet -->"
    lines = [f"{indent}<releases>"]
    for release in found:
        lines.append(
            f"{indent * 2}<release version={quoteattr(release.version)} "
            f"date={quoteattr(release.date)}>"
        )
        lines.append(
            f'{indent * 3}<url type="details">{REPOSITORY}/blob/v{release.version}'
            "/CHANGELOG.md</url>"
        )
        lines.append(f"{indent * 3}<description>")
        for name, items in release.sections:
            lines.append(f"{indent * 4}<p>{escape(name)}:</p>")
            lines.append(f"{indent * 4}<ul>")
            lines += [f"{indent * 5}<li>{escape(_plain(item))}</li>" for item in items]
            lines.append(f"{indent * 4}</ul>")
        lines += [f"{indent * 3}</description>", f"{indent * 2}</release>"]
    lines.append(f"{indent}</releases>")
    return "\n".join(lines)


def _replace_between(text: str, name: str, block: str) -> str:
    begin, end = (
        f"<!-- BEGIN {name}: generated by packaging/metainfo.py -->",
        f"<!-- END {name} -->",
    )
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{METAINFO.name} lacks the {name} markers")
    return pattern.sub(lambda _: f"{begin}\n{block}\n  {end}", text, count=1)


def render(
    metainfo: str, readme: str, changelog: str, version: str = __version__, root: Path = ROOT
) -> str:
    """The metainfo text with both generated blocks brought up to date."""
    text = _replace_between(
        metainfo, "screenshots", screenshots_block(screenshots(readme, root), version)
    )
    return _replace_between(text, "releases", releases_block(releases(changelog)))


def main(argv: list[str] | None = None) -> int:
    """Rewrite the metainfo, or with ``--check`` report whether it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report a stale file")
    args = parser.parse_args(argv)
    current = METAINFO.read_text(encoding="utf-8")
    fresh = render(
        current,
        (ROOT / "README.md").read_text(encoding="utf-8"),
        (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
    )
    if args.check:
        if fresh != current:
            print(
                f"{METAINFO.relative_to(ROOT)} is stale: run packaging/metainfo.py", file=sys.stderr
            )
            return 1
        return 0
    METAINFO.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
