"""A guide as Markdown: one `##` heading per section, questions numbered, probes as a list."""

from __future__ import annotations

from collections.abc import Mapping

from nlp.guides.model import InterviewGuide, Section


def to_markdown(
    guide: InterviewGuide, *, version: int | None = None, stage_names: Mapping[str, str] | None = None
) -> str:
    """Markdown a researcher can paste into notes or print.

    Args:
        guide: The guide to write.
        version: The version number, shown when given.
        stage_names: Stage id -> the name the guide's framework gives it; a stage missing here shows its id.
    """
    lines = [f"# {guide.name}", ""]
    meta = [f"Framework: {guide.framework}", f"Kind: {guide.kind.value}"]
    if version is not None:
        meta.append(f"Version {version}")
    lines += [" · ".join(meta), "", guide.description, ""]
    if guide.intro:
        lines += [f"> {guide.intro}", ""]
    number = 0
    for section in guide.sections:
        lines += _section_lines(section, number, stage_names or {})
        number += len(section.questions)
    return "\n".join(lines).rstrip() + "\n"


def _section_lines(section: Section, start: int, stage_names: Mapping[str, str]) -> list[str]:
    heading = f"## {section.title}"
    stage = section.stage
    facts = [f"Stage: {stage_names.get(stage, stage)}" if stage else "Profile (no journey stage)"]
    if section.minutes:
        facts.append(f"about {section.minutes:g} min")
    lines = [heading, "", f"*{' · '.join(facts)}*", ""]
    if section.purpose:
        lines += [section.purpose, ""]
    for offset, question in enumerate(section.questions, start=start + 1):
        lines += [f"{offset}. **{question.text}**", f"   - Finds out: {question.finds}"]
        for probe in question.probes:
            tag = f" *({probe.force})*" if probe.force else ""
            lines.append(f"   - Probe: {probe.text}{tag}")
        lines.append("")
    return lines
