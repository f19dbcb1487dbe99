"""Every page the simulator writes, as a validator and a printer see it.

The pages come from the shipped scenarios (``report_pages``): session debriefs, group
debriefs, the projector's debrief and the branch graph's SVG. The Nu Html Checker reads
them all in one Java run; Chromium prints the debriefs to A4, and Poppler measures the PDF.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_helpers import print_pdf, visible_text
from report_pages import ROOT, write_report_pages

VNU_JAR = ROOT / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
A4 = (595, 842)  # points, portrait
SMALLEST_PT, BODY_PT = 7.0, 11.0  # the print stylesheet sets the body in 11 pt


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_report_pages(tmp_path_factory.mktemp("pages"))


@pytest.mark.validator
@pytest.mark.slow
def test_every_page_the_simulator_writes_passes_the_nu_html_checker(
    pages: dict[str, Path],
) -> None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip("the Nu Html Checker needs java and .vnu/ (make test sets both up)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--also-check-svg", "--format", "json"]
        + [str(page) for page in pages.values()],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]

    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0


def _pdf_pages(pdf: Path) -> list[tuple[tuple[int, int], list[str], list[tuple[str, float]]]]:
    """Each page's size (points), its lines of text and its words with their boxes' heights."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    ]
    found = []
    for number, size in enumerate(sizes, start=1):
        pick = ["-f", str(number), "-l", str(number)]
        text = subprocess.run(
            ["pdftotext", *pick, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        boxes = subprocess.run(
            ["pdftotext", "-bbox", *pick, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        heights = [
            (html.unescape(word), float(bottom) - float(top))
            for top, bottom, word in re.findall(
                r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes
            )
        ]
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        found.append((size, lines, heights))
    return found


@pytest.mark.parametrize(
    "name", ["session-car_park", "session-front_desk", "group", "projector", "guide"]
)
def test_a_debrief_prints_on_a4_with_no_heading_stranded_and_a_readable_graph(
    name: str, pages: dict[str, Path], tmp_path: Path, browser: str
) -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("measuring the PDF needs Poppler (apt-get install poppler-utils)")
    page = pages[name]
    source = page.read_text("utf-8")
    headings = {
        visible_text(heading) for heading in re.findall(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", source)
    }
    slices = source.count("<use ")

    printed = _pdf_pages(print_pdf(page, tmp_path / "profile", tmp_path / f"{name}.pdf"))

    sizes = [size for size, _, _ in printed]
    assert set(sizes) <= {A4, A4[::-1]}, sizes
    landscape = [lines for size, lines, _ in printed if size == A4[::-1]]
    assert len(landscape) == slices, "the graph has landscape pages of its own, one per slice"
    if slices:
        assert landscape[0][0] in headings, "the graph's first page starts with its heading"
        assert len(landscape[0]) > 3, "and holds the start of the graph, not only the heading"
    for number, (_, lines, _) in enumerate(printed, start=1):
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
        told = [line for line in lines if line not in headings]
        assert len(told) > 1, f"page {number} holds only headings and {told}"
    # A word's box is a fixed multiple of its font size; the line under the title (its first
    # word follows the title's) is set in the body's 11 pt.
    first_words, title_words = printed[0][2], len(printed[0][1][0].split())
    body = first_words[title_words][1]
    smallest, word = min((height, word) for _, _, words in printed for word, height in words)
    assert smallest / body * BODY_PT >= SMALLEST_PT, f"{word!r} is printed in under 7 pt"
