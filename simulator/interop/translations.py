"""Translators' files: a scenario's texts as a PO file, and a translated PO file back into the
scenario's YAML (pure core).

A PO file is what Poedit, Weblate and most translators' tools read. Each text of the
scenario (``scenario.texts.scenario_texts``) is one entry: its stable context names where
it lives by ids, not positions (``nodes.lobby.choices.go_out_alone.text``), so a file
exported before an author reordered lines still imports; the source language is the
``msgid``, the target language's current text (if any) the ``msgstr``; who speaks and at
which node is the translator's comment, and the file and line the reference.

Importing writes the target language into the YAML with a round-trip parser (ruamel.yaml),
so the file keeps its comments, order and layout; a long text goes in as a folded block
like its source. Fuzzy, empty and unknown entries are reported and never written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from simulator import __version__
from simulator.errors import ScenarioError, UsageError
from simulator.i18n import SOURCE_LANGUAGE, interface_texts, locale_folders
from simulator.scenario.loading import LoadedScenario, Source, read_model
from simulator.scenario.model import Scenario
from simulator.scenario.texts import DataPath, scenario_texts

__all__ = [
    "ImportReport",
    "context_of",
    "contexts",
    "export_interface_po",
    "export_po",
    "import_interface_po",
    "import_po",
]

_WITH_IDS = ("lines", "choices", "cues")
"""Lists whose items have ids: a context names the item by its id."""
_FOLD_AT = 88
"""A text longer than this goes in as a folded block (``>-``), as the shipped files write it,
its lines broken at spaces to at most this many characters."""


def context_of(scenario: Scenario, path: DataPath) -> str:
    """The stable context of the text at ``path``: list indices replaced by the item's id where
    it has one (``nodes.lobby.lines.lobby_porter.text``)."""
    parts: list[str] = []
    for index, part in enumerate(path):
        if isinstance(part, int) and index > 0 and path[index - 1] in _WITH_IDS:
            parts.append(_item_id(scenario, path[:index], part))
        else:
            parts.append(str(part))
    return ".".join(parts)


def contexts(scenario: Scenario) -> dict[str, DataPath]:
    """The data path of every text in ``scenario`` by its stable context, in file order."""
    return {context_of(scenario, path): path for path, _ in scenario_texts(scenario)}


def export_po(loaded: LoadedScenario, language: str, source: str | None = None) -> polib.POFile:
    """The PO file of ``loaded``'s texts for translating into ``language`` from ``source``
    (the scenario's first language when None); an existing language's texts are filled in
    for review. UsageError for a source language the scenario does not have."""
    scenario = loaded.scenario
    source = source or scenario.languages[0]
    if source not in scenario.languages:
        raise UsageError(
            f"scenario {scenario.id!r} has no language {source!r}; "
            f"expected one of {', '.join(scenario.languages)}"
        )
    located = Source(loaded.path, loaded.path.read_text(encoding="utf-8")).located
    po = _po_file(f"{scenario.id} {scenario.version}", language, source)
    for path, text in scenario_texts(scenario):
        line, _ = located.position(path)
        po.append(
            polib.POEntry(
                msgctxt=context_of(scenario, path),
                msgid=text.get(source, ""),
                msgstr=text.get(language, ""),
                tcomment=_what_it_is(scenario, path, source),
                comment="\n".join(
                    f"{other}: {text[other]}"
                    for other in scenario.languages
                    if other not in (source, language) and other in text
                ),
                occurrences=[(loaded.path.name, str(line))],
            )
        )
    return po


@dataclass
class ImportReport:
    """What an import wrote, and what it left out and why."""

    language: str
    written: int = 0
    fuzzy: list[str] = field(default_factory=list)
    """Contexts of entries marked fuzzy: a translator's guess, never used."""
    missing: list[str] = field(default_factory=list)
    """Contexts of texts the PO file leaves untranslated (or lacks)."""
    unknown: list[str] = field(default_factory=list)
    """Contexts of entries the scenario no longer has."""
    added_language: bool = False


def import_po(po_path: Path, scenario_path: Path, language: str | None = None) -> ImportReport:
    """Write the translations of ``po_path`` into the scenario file (in its ``Language``
    header's language, or ``language``), adding the language to the scenario's languages.
    The file need only be well-formed, so a partial import can be completed by another.
    UsageError for a file that is not PO or names no language; ScenarioError for a scenario
    file that is not well-formed."""
    po, language = _read_po(po_path, language)
    scenario, _, problems = read_model(scenario_path, Scenario)
    if scenario is None:
        raise ScenarioError(problems)
    yaml = _round_trip()
    document = yaml.load(scenario_path.read_text(encoding="utf-8"))
    report = ImportReport(language)
    paths = contexts(scenario)
    found: set[str] = set()
    for entry in po:
        if entry.obsolete:
            continue
        context = entry.msgctxt or ""
        path = paths.get(context)
        if path is None:
            report.unknown.append(context)
            continue
        found.add(context)
        if entry.fuzzy:
            report.fuzzy.append(context)
        elif not entry.msgstr.strip():
            report.missing.append(context)
        else:
            _set_text(document, path, language, entry.msgstr)
            report.written += 1
    report.missing += [context for context in paths if context not in found]
    if language not in scenario.languages:
        _add_language(document, (*scenario.languages, language))
        report.added_language = True
    out = io.StringIO()
    yaml.dump(document, out)
    scenario_path.write_text(out.getvalue(), encoding="utf-8")
    return report


def export_interface_po(language: str) -> polib.POFile:
    """The simulator's interface texts as a PO file for translating into ``language``: the
    English source as ``msgid``, the language's current text (if any) as ``msgstr``."""
    source, current = interface_texts(SOURCE_LANGUAGE), interface_texts(language)
    po = _po_file(f"simulator interface {__version__}", language, SOURCE_LANGUAGE)
    for key, text in source.items():
        flags = ["python-brace-format"] if "{" in text else []
        po.append(polib.POEntry(msgctxt=key, msgid=text, msgstr=current.get(key, ""), flags=flags))
    return po


def import_interface_po(po_path: Path, language: str | None = None) -> tuple[Path, ImportReport]:
    """Save a translated interface PO file as ``<lang>.po`` in the first locale folder
    (``SIMULATOR_LOCALE``, else the package's), keeping only entries whose placeholders match
    the English (``{seconds}``); the file written and what was left out. UsageError for a file
    that is not PO, names no language, or cannot be written."""
    po, language = _read_po(po_path, language)
    source = interface_texts(SOURCE_LANGUAGE)
    report = ImportReport(language)
    kept = polib.POFile(wrapwidth=0)
    kept.metadata = dict(po.metadata, Language=language)
    for entry in po:
        key = entry.msgctxt or ""
        if entry.obsolete:
            continue
        if key not in source:
            report.unknown.append(key)
            continue
        if entry.fuzzy:
            report.fuzzy.append(key)
        elif not entry.msgstr.strip():
            report.missing.append(key)
        elif _placeholders(entry.msgstr) != _placeholders(source[key]):
            report.unknown.append(f"{key} (its placeholders differ from {source[key]!r})")
            continue
        else:
            report.written += 1
        kept.append(entry)
    given = {entry.msgctxt for entry in po}
    report.missing += [key for key in source if key not in given]
    target = locale_folders()[0] / f"{language}.po"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        kept.save(str(target))
    except OSError as error:
        raise UsageError(
            f"cannot write {target}: {error.strerror or error}; set SIMULATOR_LOCALE to a "
            "folder you can write"
        ) from None
    return target, report


def _po_file(project: str, language: str, source: str) -> polib.POFile:
    """An empty PO file with the headers translators' tools read."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": project,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"simulator {__version__}",
        "X-Source-Language": source,
    }
    return po


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def _read_po(po_path: Path, language: str | None) -> tuple[polib.POFile, str]:
    """A PO file and its language (``language``, else its Language header)."""
    try:
        po = polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {po_path} as a PO file: {error}") from None
    if not po:
        raise UsageError(f"cannot read {po_path} as a PO file: it holds no entries")
    language = language or po.metadata.get("Language", "").strip()
    if not language:
        raise UsageError(f"{po_path} names no language; expected a Language header or --lang")
    return po, language


def _round_trip() -> YAML:
    """A YAML reader and writer that gives back the shipped files byte for byte."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{node: a}] keeps its braces
    return yaml


def _set_text(document: CommentedMap, path: DataPath, language: str, text: str) -> None:
    """Set one language of the text at ``path``: on the same line in a one-line
    ``{nl: ..., en: ...}``, else as a folded block where its siblings are or it is long."""
    texts = document
    for part in path:
        texts = texts[part]
    if texts.get(language) == text:
        return  # unchanged: keep the author's own line breaks
    if texts.fa.flow_style():
        quoted = any(isinstance(value, DoubleQuotedScalarString) for value in texts.values())
        texts[language] = DoubleQuotedScalarString(text) if quoted else text
        return
    folded = any(isinstance(value, FoldedScalarString) for value in texts.values())
    texts[language] = _folded(text) if folded or len(text) > _FOLD_AT else text


def _folded(text: str) -> FoldedScalarString:
    """``text`` as a folded block whose lines break at spaces before ``_FOLD_AT`` characters."""
    block = FoldedScalarString(text)
    breaks, line_start, last_space = [], 0, None
    for index, character in enumerate(text):
        if character != " ":
            continue
        if index - line_start > _FOLD_AT and last_space is not None:
            breaks.append(last_space)
            line_start = last_space + 1
        last_space = index
    if len(text) - line_start > _FOLD_AT and last_space is not None and last_space > line_start:
        breaks.append(last_space)
    block.fold_pos = breaks
    return block


def _add_language(document: CommentedMap, languages: tuple[str, ...]) -> None:
    listed = CommentedSeq(languages)
    listed.fa.set_flow_style()
    if "languages" in document:
        document["languages"] = listed
    else:
        document.insert(list(document).index("scene") + 1, "languages", listed)


def _item_id(scenario: Scenario, path: DataPath, index: int) -> str:
    """The id of item ``index`` of the list at ``path`` (lines, choices or cues)."""
    if path == ("cues",):
        return scenario.cues[index].id
    node = scenario.nodes[str(path[1])]
    items = node.lines if path[-1] == "lines" else node.choices
    return items[index].id


def _what_it_is(scenario: Scenario, path: DataPath, language: str) -> str:
    """The translator's comment: what the text is, where it is shown, and who says it."""
    if path[0] != "nodes":
        return f"scenario {str(path[0]).replace('_', ' ')}"
    node_id, kind = str(path[1]), path[2]
    node = scenario.nodes[node_id]
    if kind == "lines":
        line = node.lines[int(path[3])]
        speaker = scenario.speaker_name(line.speaker, language) or "narrator"
        return f"node {node_id}: said by {speaker}"
    if kind == "choices":
        what = "what the trainee says or does" if path[-1] == "text" else "debrief feedback"
        return f"node {node_id}: choice {node.choices[int(path[3])].id}, {what}"
    name = node.ending.id if node.ending is not None else node_id
    if "notes" in path:
        return f"ending {name}: {path[-1]} added on some paths"
    return f"ending {name}: {path[-1]}"
