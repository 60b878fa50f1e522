"""The brief as Markdown: headings, lists and tables, every text escaped.

Every piece of text from the data goes through :func:`md_escape`, so a title holding
``**bold**``, ``[link](…)``, ``<script>`` or a table pipe comes out as the literal
characters, never as markup.
"""

from __future__ import annotations

import re

from planner.briefs import texts
from planner.briefs.assemble import Brief, SessionEntry
from planner.briefs.roster import brief_roster_header
from planner.i18n import gettext
from planner.templating import date_range, format_date, format_time, label

#: Punctuation that can open or close Markdown markup anywhere in a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~&])")
#: An ordered-list marker at the start of a line: "1." or "1)".
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown punctuation and fold line breaks into spaces."""
    one_line = re.sub(r"\s*[\r\n]+\s*", " ", text).strip()
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)
    # A leading "-", "=" or "1." would make a list or a heading rule of plain text.
    if escaped[:1] in ("-", "="):
        return "\\" + escaped
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


def _md_paragraphs(text: str) -> list[str]:
    """Multi-line text as escaped paragraphs (blank lines separate them)."""
    return [md_escape(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _cell(text: str) -> str:
    return md_escape(text) or " "


def _translated(brief: Brief, item, field: str) -> list[str]:
    """The facilitator's translations of a text, after its original (issue 19, item 4)."""
    lines = [f"- {md_escape(line)}" for line in texts.translation_lines(brief, item, field)]
    return [*lines, ""] if lines else []


def _session_lines(entry: SessionEntry, brief: Brief) -> list[str]:
    s = entry.session
    title = md_escape(texts.plain(brief, s, "title"))
    lines = [
        f"### {format_time(s.starts_at)}–{format_time(s.ends_at)} {title}",
        "",
        *_translated(brief, s, "title"),
        f"*{md_escape(label(s.format))}*"
        + (
            " · "
            + md_escape(gettext("%(community)s caucus only", community=label(s.audience_community)))
            if s.audience_community is not None
            else ""
        )
        + (" · " + gettext("facilitators only") if s.audience.value == "facilitators" else ""),
        "",
    ]
    if s.location:
        lines += [md_escape(s.location), ""]
    for paragraph in _md_paragraphs(texts.plain(brief, s, "description") if s.description else ""):
        lines += [paragraph, ""]
    lines += _translated(brief, s, "description")
    if entry.topics:
        lines.append(gettext("Sensitive topics:"))
        lines.append("")
        for topic in entry.topics:
            text = f"- **{md_escape(topic.name)}** ({md_escape(label(topic.severity))})"
            if topic.participant_note:
                text += f": {md_escape(topic.participant_note)}"
            lines.append(text)
        lines.append("")
    if brief.has_facilitator_notes and s.facilitator_notes:
        lines += ["**" + md_escape(gettext("Facilitator notes")) + "**", ""]
        lines += [f"> {p}" for p in _md_paragraphs(s.facilitator_notes)]
        lines.append("")
    if s.prompts:
        lines += [gettext("Discussion prompts:"), ""]
        for n, prompt in enumerate(s.prompts, start=1):
            lines.append(f"{n}. {md_escape(prompt.text)}")
            if prompt.citation is not None:
                c = prompt.citation
                source = f"{c.author}, {c.source_title}" if c.author else c.source_title
                # Indented under the list item, so the quote stays part of its prompt.
                lines += ["", f"   > “{md_escape(c.quote)}” — {md_escape(source)}", ""]
        lines.append("")
    for group in entry.groups:
        names = ", ".join(md_escape(m.person.name) for m in group.members) or "—"
        lines += [gettext("Group %(number)s: %(names)s", number=group.number, names=names), ""]
    return lines


def heading(brief: Brief) -> str:
    """ "Participant brief", "Facilitator session brief"… in the reader's language."""
    session = brief.kind == "session"
    if brief.audience.value == "facilitator":
        return gettext("Facilitator session brief") if session else gettext("Facilitator brief")
    return gettext("Participant session brief") if session else gettext("Participant brief")


def render_md(brief: Brief) -> bytes:
    """The brief as UTF-8 Markdown."""
    w = brief.workshop
    titled = brief.sessions[0].session if brief.kind == "session" and brief.sessions else w
    lines = [
        f"# {md_escape(texts.plain(brief, titled, 'title'))}",
        "",
        *_translated(brief, titled, "title"),
        f"**{md_escape(heading(brief))}** · {md_escape(date_range(w.start_date, w.end_date))}"
        + (f" · {md_escape(w.venue.name)}, {md_escape(w.venue.city)}" if w.venue else ""),
        "",
        "> **"
        + md_escape(gettext("Confidentiality: %(rule)s.", rule=label(w.confidentiality)))
        + f"** {md_escape(gettext(brief.confidentiality_words))}",
        "",
    ]
    if brief.kind == "session":
        lines += [
            gettext("Workshop: %(title)s", title=md_escape(texts.plain(brief, w, "title"))),
            "",
        ]
    if brief.facilitation_team:
        team = ", ".join(md_escape(n) for n in brief.facilitation_team)
        lines += [gettext("Facilitation team: %(names)s", names=team), ""]
    if brief.kind == "workshop" and w.objectives:
        lines += ["## " + gettext("Objectives"), ""]
        for paragraph in _md_paragraphs(texts.plain(brief, w, "objectives")):
            lines += [paragraph, ""]
        lines += _translated(brief, w, "objectives")
    if brief.has_context_notes and w.context_notes:
        lines += ["## " + gettext("Context notes (facilitators only)"), ""]
        for paragraph in _md_paragraphs(w.context_notes):
            lines += [paragraph, ""]
    if brief.has_readiness and brief.readiness:
        lines += ["## " + gettext("Readiness review"), ""]
        for finding in brief.readiness:
            lines.append(
                f"- {finding.severity.icon} **{md_escape(label(finding.severity))}** "
                f"{md_escape(finding.rule_id)} {md_escape(finding.title)}: "
                f"{md_escape(finding.message)} *{md_escape(finding.why)}*"
            )
        lines.append("")
    if brief.context:
        lines += ["## " + gettext("Background"), ""]
        for event in brief.context:
            text = f"- **{md_escape(event.when)}**: {md_escape(event.title)}"
            if event.description:
                text += f". {md_escape(event.description)}"
            lines.append(text)
        lines.append("")
    lines += _what_happened_lines(brief)
    for day in brief.days:
        when = md_escape(format_date(day.day, "weekday"))
        title = gettext("Agenda: %(day)s", day=when) if brief.kind == "workshop" else when
        lines += [f"## {title}", ""]
        for entry in day.sessions:
            lines += _session_lines(entry, brief)
    if brief.has_handling_guidance and brief.topics:
        lines += ["## " + gettext("Handling guidance"), ""]
        for topic in brief.topics:
            lines += [f"### {md_escape(topic.name)} ({md_escape(label(topic.severity))})", ""]
            for paragraph in _md_paragraphs(topic.handling_guidance or topic.description):
                lines += [paragraph, ""]
    lines += _roster_lines(brief)
    generated = md_escape(brief.generated_at.strftime("%Y-%m-%d %H:%M UTC"))
    lines += ["*" + gettext("Generated %(when)s", when=generated) + "*", ""]
    return "\n".join(lines).encode("utf-8")


def _what_happened_lines(brief: Brief) -> list[str]:
    """Plan against actual (issue 22), facilitators only."""
    if not brief.has_what_happened:
        return []
    happened = brief.what_happened
    lines = ["## " + gettext("What happened (facilitators only)"), ""]
    header = [gettext("Session"), gettext("Planned"), gettext("Actual"), gettext("Outcome")]
    lines += ["| " + " | ".join(_cell(h) for h in header) + " |", "| --- | --- | --- | --- |"]
    for s in happened.sessions:
        planned = f"{format_date(s.day, 'short')} {s.planned}"
        lines.append(
            f"| {_cell(s.title)} | {_cell(planned)} | {_cell(s.actual)} | {_cell(s.outcome_note)} |"
        )
    lines.append("")
    if happened.live_changes:
        lines += [gettext("Changes made during the workshop:"), ""]
        lines += [f"- {md_escape(line)}" for line in happened.live_changes]
        lines.append("")
    return lines


def _roster_lines(brief: Brief) -> list[str]:
    if brief.has_roster:
        return _team_roster_lines(brief) if brief.roster else []
    if not brief.has_participant_list:
        return []
    statement = md_escape(gettext(brief.names_statement))
    title = "## " + gettext("Participants")
    if not brief.roster:
        return [title, "", statement, ""]
    header = f"| {gettext('Name')} | {gettext('Affiliation')} |"
    lines = [title, "", header, "|---|---|"]
    for inv in brief.roster:
        lines.append(f"| {_cell(inv.person.name)} | {_cell(inv.person.affiliation)} |")
    lines += ["", statement, ""]
    return lines


def _team_roster_lines(brief: Brief) -> list[str]:
    lines = [
        "## " + gettext("Roster"),
        "",
        "| " + " | ".join(_cell(h) for h in brief_roster_header()) + " |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for inv in brief.roster:
        p = inv.person
        cells = [
            p.name,
            label(p.community),
            p.segment_name,
            p.affiliation,
            label(inv.role),
            label(inv.status),
            gettext("Yes") if p.consent_to_list else gettext("No"),
            p.notes,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append("")
    return lines
