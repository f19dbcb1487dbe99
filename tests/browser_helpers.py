"""A real headless Chromium (Debian's package) for tests that check what a trainer sees."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSER_TIMEOUT_S = 90


def chromium_path() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    found = chromium_path()
    if found is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    return found


def _command(binary: str, profile: Path) -> list[str]:
    command = [
        binary,
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
    ]
    if os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return command


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM Chromium built from ``page``, serialised (scripts run, styles applied)."""
    binary = require_chromium()
    result = subprocess.run(
        [*_command(binary, profile), "--dump-dom", page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT_S,
        check=True,
    )
    return result.stdout


def screenshot(page: Path, profile: Path, out: Path, size: str = "1200,2400") -> Path:
    """A PNG of ``page`` as Chromium renders it at ``size`` (width,height)."""
    binary = require_chromium()
    subprocess.run(
        [*_command(binary, profile), f"--window-size={size}", f"--screenshot={out}"]
        + [page.resolve().as_uri()],
        capture_output=True,
        timeout=BROWSER_TIMEOUT_S,
        check=True,
    )
    return out


def print_pdf(page: Path, profile: Path, out: Path) -> Path:
    """``page`` printed by Chromium to the PDF ``out`` (its print stylesheet, no header or
    footer of Chromium's own)."""
    binary = require_chromium()
    subprocess.run(
        [*_command(binary, profile), "--no-pdf-header-footer", f"--print-to-pdf={out}"]
        + [page.resolve().as_uri()],
        capture_output=True,
        timeout=BROWSER_TIMEOUT_S,
        check=True,
    )
    return out


def visible_text(dom: str) -> str:
    """The text of a dumped DOM without tags, styles and scripts, whitespace collapsed."""
    dom = re.sub(r"<(style|script)\b.*?</\1>", " ", dom, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    return " ".join(text.split())


def section(dom: str, section_id: str) -> str:
    """The dumped HTML of one ``<section id=...>``."""
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', dom, flags=re.S)
    assert match, f"no section {section_id!r} in the page"
    return match.group(1)
