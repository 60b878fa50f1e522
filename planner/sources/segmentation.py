"""Splitting a document into passages and telling the article from the rest (PRODUCT §7).

Where a paragraph stands says little: journal sites put the author's bio and the outlet's
disclaimer *before* the body, news sites put "related articles" teasers first, blogs put
comments after it. So every paragraph is judged on its own features and its neighbours',
never on its position alone.

Reading:

* HTML goes through trafilatura, a maintained article extractor: it finds the body
  paragraphs and reads title, authors, site name and date from the page's metadata.
  The page's other text blocks (listed with lxml; custom elements part blocks too) are
  kept as passages and marked. A page block is body when most of its word shingles are
  the extractor's text, however the two split paragraphs; the extractor's paragraphs are
  body wherever they stand (a table or an embedded post between them does not end the
  article), and so are the subheadings it keeps between them.
* Plain text and Markdown are read by :func:`blocks_from_text` (blank lines separate
  paragraphs; labels, "source:"/"photo:" lines, Q/A turns and list items stand alone;
  hard-wrapped lines are joined).

Classifying (:func:`segment`): each block gets features — prose (sentences that end like
sentences) or headline shape, teaser shape (a short summary between headlines), bylines,
date lines, bios ("X is a senior fellow at…", "The author is…"), disclaimers, captions,
tags and share lines, comments ("Name says: …"), section labels, and repetition (a
paragraph repeated, or a pull-quote repeating a sentence of the body). The body is then
the best-scoring run of prose (a maximum-sum run: prose counts for, everything else
against), which cannot cross a label that ends an article ("Related articles",
"3 comments", "Most read"). Inside the run prose is body; the title is the last
headline-shaped block before it; a standfirst or a "writes X in this op-ed" paragraph
is the lead; bios and bylines anywhere are attribution.

Pure: no Flask, no database; linear in the size of the document.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.vocabulary import PassageKind

# Hints a reader may attach to a block.
HINT_TITLE = "title"
HINT_HEADING = "heading"
HINT_LEAD = "lead"
HINT_CAPTION = "caption"
HINT_BYLINE = "byline"
HINT_FURNITURE = "furniture"
#: The article extractor found this block to be a body paragraph (HTML only).
HINT_MAIN = "main"
#: A heading the extractor kept with the body: the article's own subheading.
HINT_SUBHEADING = "subheading"
#: A block quotation in the article (a pull-quote, or a quotation of someone else).
HINT_QUOTE = "quote"


@dataclass(frozen=True)
class Block:
    """A paragraph-sized run of cleaned text, with what its markup says about it."""

    text: str
    hint: str = ""


@dataclass(frozen=True)
class PageMeta:
    """What a page's metadata says about it."""

    title: str = ""
    authors: tuple[str, ...] = ()
    outlet: str = ""
    url: str = ""
    published: date | None = None

    @property
    def author(self) -> str:
        """The authors joined for display."""
        return join_names(self.authors)


@dataclass(frozen=True)
class Segment:
    """One classified passage, before tagging."""

    kind: PassageKind
    text: str


@dataclass(frozen=True)
class Segmentation:
    """A document split into classified passages, with its title and attribution."""

    title: str
    authors: tuple[str, ...]
    outlet: str
    attribution: str
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    is_interview: bool = False
    published: date | None = None

    @property
    def author(self) -> str:
        """The authors joined for display ("A", "A and B", "A, B and C")."""
        return join_names(self.authors)


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def split_names(value: str) -> tuple[str, ...]:
    """Names in "A; B", "A, B and C", "A & B" (not splitting "Smith, Jr.")."""
    parts = re.split(r"\s*(?:;|\band\b|&|\bund\b|\bet\b|\by\b|,)\s*", value.strip())
    names = [p.strip(" .·|") for p in parts if p and p.strip(" .·|")]
    return tuple(dict.fromkeys(n for n in names if n.lower() not in ("jr", "sr")))


# --- text cleaning -----------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Collapse runs of spaces (including no-break spaces) and drop invisible characters."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


# Chinese, Japanese and Korean script: written without spaces between words (Hangul
# with spaces between phrases), so a run of it counts a word per two characters.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}")


def _words(text: str) -> int:
    tokens = text.split()
    if not _CJK.search(text):
        return len(tokens)
    return sum(max(1, sum(len(run) for run in _CJK.findall(t)) // 2) for t in tokens)


def _norm_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


# --- patterns ------------------------------------------------------------------------------

_CAPTION = re.compile(
    r"^\(?(?:photo(?:graph)?s?|pictures?|images?|pictured|caption|illustration|"
    r"(?:cover|main|top|featured) (?:photo|image)|video)(?: credits?)?\s*[:|–—]\s*\S",
    re.IGNORECASE,
)
_ATTRIBUTION_PREFIX = re.compile(
    r"^(?:sources?|author|authors|about the authors?|credits?|reporting|text)\s*:\s*\S",
    re.IGNORECASE,
)
_NAME_WORD = r"[^\W\d_][\w'’.-]*"
_PARTICLE = r"(?:de|van|von|der|den|al|el|bin|ibn|da|di|du|la|le|del|dos|das|ter)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}"
_BYLINE = re.compile(
    r"^(?:(?i:by|written by|words by|interview by|interviewed by|reported by|text by|"
    r"an? (?:interview|analysis|commentary|op-ed|article|essay) by)\s*:?\s+)"
    rf"(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)(?P<rest>.*)$",
    re.DOTALL,
)
_PUBLISHED = re.compile(
    r"^(?:this (?:article|op-ed|interview|commentary|piece|text|analysis) (?:was|is|has been) "
    r"(?:first |originally )?(?:published|written|produced|prepared|edited)|originally published|"
    r"first published|republished)\b",
    re.IGNORECASE,
)
_EDIT_NOTE = re.compile(
    r"^(?:this (?:interview|conversation|text) (?:has been|was) (?:edited|condensed|translated)"
    r"|(?:the )?interview (?:has been|was) (?:edited|condensed)|translated (?:by|from))\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions) (?:and opinions )?expressed\b|"
    r"\bdo(?:es)? not necessarily (?:reflect|represent)\b|^disclaimer\s*:",
    re.IGNORECASE,
)
_TAGS_LINE = re.compile(
    r"^(?:tags|topics|categories|keywords|filed under|share(?: this)?(?: article| story)?|"
    r"share on|read (?:more|also)|see also|also read|follow us|subscribe|advertisement|sign up|"
    r"related)\b\s*(?::|$|\s)",
    re.IGNORECASE,
)
_COMMENT = re.compile(
    rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\s+(?:says|said|wrote|writes|replied)\s*:"
    r"|^(?:reply|report|like|log in to reply|\d+\s+likes?)$",
    re.IGNORECASE,
)
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reactions|comentarios|kommentare|"
    r"commentaires)(?:\s*\(\d+\))?(?:\s+\d+)?\s*:?$|^(?:leave|post|add|write) a (?:comment|reply)",
    re.IGNORECASE,
)
_READING_TIME = re.compile(r"\b\d+\s*(?:-|\s)?min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
    r"|(?P<d4>\d{1,2})[./](?P<m4>\d{1,2})[./](?P<y4>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_DATE_LINE_WORDS = re.compile(
    r"^(?:(?:published|posted|updated|last updated|first published|date)\s*:?\s*(?:on\s+)?)?",
    re.IGNORECASE,
)
_QA = re.compile(r"^(?:Q|A|Question|Answer)\s*[:.]\s*\S")
_SPEAKER = re.compile(r"^(?P<label>[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,2}):\s+\S")


def _speaker_label(text: str) -> str:
    """The speaker's name opening an interview turn ("Kemal Özgür: …"), if any."""
    match = _SPEAKER.match(text)
    if not match or not all(w[:1].isupper() for w in match.group("label").split()):
        return ""
    return match.group("label")


_OPENING_QUOTE = tuple("\"“„«‘'")
LEAD_PHRASE = re.compile(
    r"\b(?:writes|argues|says|explains|notes|reflects|warns)\s+[A-Z][\w'’.-]*(?:\s+\S+){0,4}?\s+"
    r"in\s+(?:this|an|a|his|her|their)\b|"
    r"\bin (?:this|an exclusive) (?:op-ed|oped|article|commentary|interview|analysis|essay|"
    r"opinion piece|piece|column)\b|\bin an interview (?:with|for)\b|"
    r"\bin this interview\b",
    re.IGNORECASE,
)
#: "X is a senior fellow at…": a bio names a person and what they do.
_ROLE_WORDS = (
    r"(?:fellow|researcher|research|professor|lecturer|journalist|reporter|correspondent|"
    r"director|analyst|lawyer|teacher|activist|founder|editor|author|writer|coordinator|"
    r"member|student|expert|consultant|head|chair|chairman|chairwoman|economist|worker|"
    r"scholar|historian|diplomat|adviser|advisor|officer|manager|specialist|mediator|"
    r"facilitator|photographer|blogger|columnist|candidate|associate|practitioner|"
    r"policy|programme|program|project|institute|university|centre|center|think tank|"
    r"based in|works|worked|writes|covers)"
)
_CAP_NAME = r"[A-ZÀ-ÖØ-ÞĀ-ž][\w'’.-]*(?:\s+(?:" + _PARTICLE + r"\s+)?[A-ZÀ-ÖØ-ÞĀ-ž][\w'’.-]*){1,3}"
_BIO = re.compile(
    rf"^(?:[Tt]he authors?|{_CAP_NAME}(?:\s+and\s+{_CAP_NAME})?)\s+(?:is|was|are|has been|"
    rf"works|worked|writes|coordinates|teaches|leads|heads|directs|runs)\b[^.]{{0,200}}?\b"
    rf"{_ROLE_WORDS}\b",
)
_HANDLE = re.compile(r"(?:^|\s)@\w{2,}|\btweets? (?:at|as)\b|\bfollow (?:him|her|them) on\b", re.I)

# Section labels that are always page furniture. The "tail" ones end an article: the body
# cannot run across them.
_TAIL_LABELS = frozenset(
    {
        "related",
        "related articles",
        "related stories",
        "related content",
        "related posts",
        "related news",
        "related reading",
        "editor's choice",
        "editors' choice",
        "editors choice",
        "editor's pick",
        "editor's picks",
        "editors' picks",
        "popular",
        "most popular",
        "most read",
        "most viewed",
        "read more",
        "read also",
        "see also",
        "also read",
        "further reading",
        "recommended",
        "recommended for you",
        "trending",
        "you may also like",
        "you might also like",
        "more stories",
        "top stories",
        "more from",
        "more news",
        "in other news",
        "latest",
        "latest news",
        "comments",
        "leave a comment",
        "news",
        "more interviews",
        "more articles",
        "more opinion",
        "read more interviews",
        "read more articles",
        "more from opinion",
        "more in this series",
    }
)
_OTHER_LABELS = frozenset(
    {
        "share",
        "share this",
        "share this article",
        "tags",
        "topics",
        "advertisement",
        "subscribe",
        "newsletter",
        "follow us",
        "opinion",
        "op-ed",
        "analysis",
        "interview",
        "interviews",
        "commentary",
        "comment",
        "blog",
        "home",
        "menu",
        "search",
        "print",
        "email",
        "top",
        "about the author",
        "about the authors",
        "the author",
        "the authors",
        "features",
        "essay",
        "explainer",
    }
)


#: Words of menus and section names, never part of a person's name.
_NAV_WORDS = frozenset(
    [
        "home",
        "news",
        "topics",
        "events",
        "subscribe",
        "about",
        "contact",
        "login",
        "register",
        "menu",
        "search",
        "opinion",
        "analysis",
        "politics",
        "world",
        "region",
        "regions",
        "sport",
        "culture",
        "business",
        "video",
        "podcasts",
        "archive",
        "imprint",
        "privacy",
        "terms",
        "more",
        "latest",
        "blog",
        "blogs",
        "features",
        "interviews",
        "commentary",
        "editorial",
        "magazine",
        "newsletter",
        "donate",
        "support",
        "shop",
        "jobs",
    ]
)


def _label_key(text: str) -> str:
    key = text.lower().replace("’", "'").strip(" :.-–—|»›>*#")
    return re.sub(r"\s+", " ", key)


def _is_label(text: str) -> bool:
    """A short line that reads like a section label, not like a sentence."""
    if _words(text) > 5 or len(text) > 50:
        return False
    return not (_QA.match(text) or text.rstrip().endswith(("?", "!", ".", "…", '"', "”")))


def _is_tail_label(text: str) -> bool:
    key = _label_key(text)
    if key in _TAIL_LABELS or _COMMENT_HEADER.match(key):
        return True
    return _words(text) <= 6 and key.startswith(
        ("more from ", "read more ", "related ", "most read", "more in ")
    )


def _is_navigation(text: str) -> bool:
    """A breadcrumb or menu line: short items between separators ("Home | Analysis")."""
    parts = [p for p in re.split(r"\s*[|›»/·•>]\s*", text) if p.strip()]
    return len(parts) >= 2 and all(_words(p) <= 4 for p in parts) and not text.endswith(".")


_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*$")
_SENTENCE_MARKS = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")


def _sentence_count(text: str) -> int:
    return len(_SENTENCE_MARKS.findall(text)) + (1 if _SENTENCE_END.search(text) else 0)


def _capitalised_share(text: str) -> float:
    tokens = [t for t in re.findall(r"[^\W\d_][\w'’-]*", text) if len(t) > 3]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t[:1].isupper()) / len(tokens)


def _headline_shaped(text: str) -> bool:
    """A title or teaser headline: short, one sentence at most, no sentence end
    (or a single question)."""
    if _words(text) > 30 or len(text) > 300 or _QA.match(text):
        return False
    stripped = text.rstrip(" \"”'’")
    if stripped.endswith("?"):
        return _sentence_count(text) <= 1 and _words(text) <= 25
    return not stripped.endswith((".", ",", ";", ":", "!", "。", "！", "、")) or stripped.endswith(
        "..."
    )


def _is_date_line(text: str) -> bool:
    if _words(text) > 12:
        return False
    rest = _DATE_LINE_WORDS.sub("", text, count=1)
    found = _DATE.search(rest)
    if not found:
        return False
    leftover = (rest[: found.start()] + rest[found.end() :]).strip(" ,·|–—-:")
    return _words(leftover) <= 6 or bool(_READING_TIME.search(text))


def parse_date(text: str) -> date | None:
    """The first date written in ``text`` ("12 March 2024", "March 12, 2024", ISO), if any."""
    found = _DATE.search(text)
    if not found:
        return None
    g = found.groupdict()
    try:
        if g["y1"]:
            return date(int(g["y1"]), _month_number(g["m1"]), int(g["d1"]))
        if g["y2"]:
            return date(int(g["y2"]), _month_number(g["m2"]), int(g["d2"]))
        if g["y3"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        return date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:
        return None


def _month_number(name: str) -> int:
    full = _MONTHS.split("|")[:12]
    key = name.lower().rstrip(".")[:3]
    return next(i + 1 for i, m in enumerate(full) if m.startswith(key))


def _bare_name(text: str) -> str:
    """A line that is only a person's name (2–4 capitalised words), as a byline."""
    candidate = text.strip(" *_").rstrip(".")
    if _words(candidate) > 9 or not re.fullmatch(
        rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*", candidate
    ):
        return ""
    tokens = [t for t in re.split(r"[\s,&]+", candidate) if t and t != "and"]
    if not all(t[:1].isupper() or re.fullmatch(_PARTICLE, t) for t in tokens):
        return ""
    if _label_key(candidate) in _TAIL_LABELS or _label_key(candidate) in _OTHER_LABELS:
        return ""
    if any(t.lower() in _NAV_WORDS or _label_key(t) in _OTHER_LABELS for t in tokens):
        return ""
    return candidate


_BYLINE_END = re.compile(r"\s+(?:[|·•–—]|for|in|on|at|from)\s+|\s*[|·•(]|\d")


_NAME_AND_ROLE = re.compile(rf"^(?P<name>{_CAP_NAME})\s*(?:,|\||–|—)\s+(?P<role>[^.!?]{{3,120}})$")


def _byline_names(text: str) -> tuple[str, ...]:
    """The names of a byline ("By A and B", "Interview by A | Outlet", "A, Programme
    Officer at B")."""
    role = _NAME_AND_ROLE.match(text.strip(" *_"))
    if role and re.search(rf"\b{_ROLE_WORDS}\b", role.group("role"), re.IGNORECASE):
        name = _capitalised_name(role.group("name"))
        return (name,) if name else ()
    match = _BYLINE.match(text.strip(" *_"))
    if not match:
        return ()
    written = text.strip(" *_")[match.start("names") :]
    cut = _BYLINE_END.search(written)
    if cut:
        written = written[: cut.start()]
    names = [_capitalised_name(n) for n in split_names(written)]
    return tuple(n for n in names if n)


def _capitalised_name(candidate: str) -> str:
    """The leading run of capitalised words (allowing particles), if at least two."""
    tokens = candidate.split()
    kept: list[str] = []
    for position, token in enumerate(tokens):
        if token[:1].isupper() or (
            re.fullmatch(_PARTICLE, token)
            and position + 1 < len(tokens)
            and tokens[position + 1][:1].isupper()
        ):
            kept.append(token)
        else:
            break
    name = " ".join(kept).rstrip(".,;:'’")
    return name if len(kept) >= 2 else ""


# --- plain text and Markdown ---------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_MD_LIST = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*_])(?:\*\*|__|\*|_)(?=\S)|(?<=\S)(?:\*\*|__|\*|_)(?![\w*_])")
_STANDALONE = re.compile(
    r"^(?:#{1,6}\s|(?:[-*+•]|\d{1,3}[.)])\s|(?:Q|A|Question|Answer)\s*[:.]\s|"
    r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}:\s)"
    r"|^(?i:sources?|photo(?:graph)?|pictures?|images?|caption|credits?|tags|disclaimer)\s*:"
)
_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n")


def blocks_from_text(text: str) -> list[Block]:
    """Read plain text or Markdown into blocks (see the module docstring)."""
    blocks: list[Block] = []
    for chunk in _BLANK_LINES.split(text):
        raw_lines = chunk.split("\n")
        quoted = bool(raw_lines) and all(
            _MD_QUOTE.match(line) for line in raw_lines if line.strip()
        )
        lines = [clean(_MD_QUOTE.sub("", line)) for line in raw_lines]
        lines = [line for line in lines if line]
        for group in _group_lines(lines):
            block = _markdown_block(group, HINT_QUOTE if quoted else "")
            if block is not None:
                blocks.append(block)
    return blocks


def _group_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of one chunk; keep labels, list items and turns apart."""
    if len(lines) <= 1:
        return lines
    widths = [len(line) for line in lines[:-1]]
    widest = max(widths)
    wrapped = 40 <= widest <= 120 and all(len(line) >= 0.55 * widest for line in lines[:-1])
    if len(lines) == 2:
        first = lines[0]
        second = lines[1]
        wrapped = 40 <= len(first) <= 120 and (
            second[:1].islower()
            or (not first.endswith((".", "!", "?", ":", '"', "”")) and len(first) >= 60)
            # Two sentences of one paragraph, wrapped where the first ends.
            or (
                first.endswith(".")
                and len(first) >= 60
                and len(second) >= 40
                and bool(_SENTENCE_END.search(second))
            )
        )
    groups: list[str] = []
    for line in lines:
        if _MD_RULE.match(line):
            continue
        standalone = bool(_STANDALONE.match(line))
        previous = groups[-1] if groups else None
        if (
            wrapped
            and previous is not None
            and not standalone
            and not _STANDALONE.match(previous)
            and not _MD_HEADING.match(previous)
        ) or (
            # A turn or a "Label: …" line wrapped onto a line that continues it.
            previous is not None
            and not standalone
            and (_QA.match(previous) or _STANDALONE.match(previous))
            and not _MD_HEADING.match(previous)
            and len(previous) >= 40
            and (line[:1].islower() or not previous.endswith((".", "!", "?", ":", '"', "”")))
            and (wrapped or line[:1].islower())
        ):
            groups[-1] = previous + " " + line
        else:
            groups.append(line)
    return groups


def _markdown_block(line: str, hint: str = "") -> Block | None:
    heading = _MD_HEADING.match(line)
    if heading:
        hint = HINT_TITLE if len(heading.group(1)) == 1 else HINT_HEADING
        line = heading.group(2)
    elif _MD_RULE.match(line):
        return None
    else:
        line = _MD_LIST.sub("", line, count=1)
    if "](" in line:
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = _MD_EMPHASIS.sub("", line)
    line = clean(line)
    if not line or not any(c.isalnum() for c in line):
        return None
    return Block(line, hint)


# --- HTML ------------------------------------------------------------------------------------

_HTML_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "menu",
    ]
)


def _parts_paragraphs(tag: str) -> bool:
    """Whether an element parts paragraphs: the blocks above, custom elements
    (``<phoenix-page>``, ``<amp-story>``) that some sites build whole pages of, and the
    obsolete ``<center>``."""
    return tag in _HTML_BLOCKS or "-" in tag or tag == "center"


def _holds_blocks(element) -> bool:
    """Whether an inline element holds paragraphs (``<a><div><p>…</p></div></a>``, a
    teaser or a whole section wrapped in a link): its paragraphs stay apart."""
    return any(
        isinstance(d.tag, str) and _parts_paragraphs(d.tag) for d in element.iterdescendants()
    )


_HTML_DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "canvas",
    "button",
    "select",
    "textarea",
    "head",
)


_LEAD_CLASSES = frozenset(
    ["lead", "lede", "standfirst", "dek", "deck", "subtitle", "subheadline", "strapline", "intro"]
)
_BYLINE_CLASSES = frozenset(["byline", "author", "authors", "credit", "credits"])


def _class_hint(element) -> str:
    """A lead or byline marked by the page's class names ("standfirst", "byline")."""
    value = f"{element.get('class', '')} {element.get('id', '')}".lower()
    words = {w for w in re.split(r"[^a-z0-9]+", value) if w}
    if words & _LEAD_CLASSES:
        return HINT_LEAD
    if words & _BYLINE_CLASSES:
        return HINT_BYLINE
    return ""


def _page_blocks(html: str) -> list[Block]:
    """Every text block of a page in document order (lxml), headings and captions hinted."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    lxml.etree.strip_elements(root, *_HTML_DROPPED, lxml.etree.Comment, with_tail=False)
    blocks: list[Block] = []

    def emit(parts: list[str], tag: str, marked: str = "") -> None:
        raw = "".join(parts)
        # Two line breaks in a row (<br><br>) part paragraphs, as the extractor reads them.
        chunks = re.split(r"\n[^\S\n]*\n", raw)
        if len(chunks) > 1:
            for chunk in chunks:
                emit([chunk], tag, marked)
            return
        lines = [clean(" ".join(line.split())) for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        # Lines set apart by <br> stay apart when they stand alone ("source: …", "Q: …").
        if any(_STANDALONE.match(line) for line in lines[1:]):
            for line in lines:
                emit([line], tag, marked)
            return
        text = " ".join(lines)
        hint = marked
        if tag in ("h1",):
            hint = HINT_TITLE
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            hint = HINT_HEADING
        elif tag == "figcaption":
            hint = HINT_CAPTION
        elif tag == "blockquote":
            hint = HINT_QUOTE
        blocks.append(Block(text, hint))

    def walk(element, tag: str, marked: str = "") -> None:
        marked = _class_hint(element) or marked
        parts: list[str] = [element.text or ""]
        for child in element:
            child_tag = child.tag if isinstance(child.tag, str) else ""
            if child_tag and (_parts_paragraphs(child_tag) or _holds_blocks(child)):
                emit(parts, tag, marked)
                parts = []
                walk(child, child_tag, marked)
            elif child_tag == "br":
                parts.append("\n")
            else:
                parts.append(child.text_content() if child_tag else "")
            parts.append(child.tail or "")
        emit(parts, tag, marked)

    body = root.find("body")
    walk(body if body is not None else root, "body")
    return blocks


#: Words per shingle when telling which page blocks hold the extractor's text.
_SHINGLE = 4


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _extracted_share(key: str, extracted: set[tuple[str, ...]]) -> float:
    """The share of a block's word shingles that are in the extractor's text: how much of
    the block is body, however the extractor and the page split it into paragraphs."""
    shingles = _shingles(key.split())
    if not shingles:
        return 0.0
    return sum(1 for s in shingles if s in extracted) / len(shingles)


def _meta_author(value: str) -> str:
    """An author's name from metadata, without what an extractor may have run into it
    ("Iñaki Etxeberria is a journalist based" → "Iñaki Etxeberria", "Malcolm Owen Monday,
    November 18" → "Malcolm Owen")."""
    cut = re.split(
        rf"\s+(?:is|was|are|works|writes|has|lives)\b|,?\s+(?i:{_WEEKDAYS}|{_MONTHS})\b",
        value,
        maxsplit=1,
    )[0]
    if re.search(r"\d", cut) or re.match(rf"(?i:{_WEEKDAYS}|{_MONTHS})\b", cut):
        return ""  # the date the byline ran into ("March 4, 2024"), not a name
    if cut != value:
        return _capitalised_name(cut)
    return value if _words(value) <= 5 else _capitalised_name(value)


def blocks_from_html(html: str) -> tuple[list[Block], PageMeta]:
    """Read an HTML page into blocks and metadata: trafilatura finds the body paragraphs
    (hinted :data:`HINT_MAIN`) and the metadata; the page's other blocks are kept."""
    import trafilatura

    page = _page_blocks(html)
    if not page:
        return [], PageMeta()
    # The extractor logs malformed pages as errors; a refused page is our message to give.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    body_keys: set[str] = set()
    meta = PageMeta()
    text = ""
    if extracted is not None:
        text = getattr(extracted, "text", "") or ""
        body_keys = {_norm_key(line) for line in text.split("\n") if line.strip()}
        authors = tuple(
            name
            for raw in split_names(clean(getattr(extracted, "author", "") or ""))
            if (name := _meta_author(raw))
        )
        published = None
        if getattr(extracted, "date", None):
            published = parse_date(extracted.date)
        meta = PageMeta(
            title=clean(getattr(extracted, "title", "") or ""),
            authors=tuple(a for a in authors if not a.lower().startswith("http")),
            outlet=clean(getattr(extracted, "sitename", "") or ""),
            url=clean(getattr(extracted, "url", "") or ""),
            published=published,
        )
    # A "lead" class on a box around the whole article ("article-body--lead") marks no
    # standfirst: a lead is one or two paragraphs.
    if sum(1 for block in page if block.hint == HINT_LEAD) > 2:
        page = [Block(b.text, "") if b.hint == HINT_LEAD else b for b in page]
    blocks = []
    title_key = _norm_key(meta.title)
    # A block is body when most of it is the extractor's text, compared by word shingles:
    # the page may hold in one <div> what the extractor reads as several paragraphs, or
    # split one of its paragraphs with markup; short blocks must be one of its lines.
    body_shingles = _shingles(" ".join(_norm_key(line) for line in text.split("\n")).split())
    for block in page:
        key = _norm_key(block.text)
        if title_key and key == title_key:
            blocks.append(Block(block.text, HINT_TITLE))
        elif block.hint == HINT_LEAD and _words(block.text) >= 8:
            blocks.append(block)
        elif (
            key in body_keys
            or (len(key.split()) > 2 * _SHINGLE and _extracted_share(key, body_shingles) >= 0.6)
        ) and block.hint not in (HINT_TITLE, HINT_HEADING):
            blocks.append(Block(block.text, HINT_MAIN))
        elif block.hint in (HINT_TITLE, HINT_HEADING) and key in body_keys:
            blocks.append(Block(block.text, HINT_SUBHEADING))
        elif block.hint == HINT_TITLE:
            blocks.append(Block(block.text, HINT_HEADING))
        else:
            blocks.append(block)
    if not any(b.hint == HINT_MAIN for b in blocks):
        # Nothing the extractor recognised (a fragment): judge the blocks as plain text.
        blocks = [Block(b.text, "" if b.hint == HINT_MAIN else b.hint) for b in blocks]
    return blocks, meta


# --- features ------------------------------------------------------------------------------


@dataclass
class _Features:
    text: str
    hint: str
    words: int
    prose: bool
    headline: bool
    label: bool
    tail: bool
    byline: tuple[str, ...]
    bare_name: str
    date_line: bool
    bio: bool
    disclaimer: bool
    caption: bool
    tags: bool
    comment: bool
    navigation: bool
    attribution_line: bool
    repeated: bool = False
    pull_quote: bool = False
    teaser: bool = False

    @property
    def furniture_pattern(self) -> bool:
        return (
            self.label
            or self.tags
            or self.comment
            or self.navigation
            or self.date_line
            or bool(self.byline)
            or bool(self.bare_name)
            or self.repeated
            or self.pull_quote
            or self.teaser
        )

    @property
    def not_the_article(self) -> bool:
        return (
            self.furniture_pattern
            or self.bio
            or self.disclaimer
            or self.caption
            or self.attribution_line
            or self.hint
            in (
                HINT_FURNITURE,
                HINT_HEADING,
                HINT_SUBHEADING,
                HINT_TITLE,
                HINT_CAPTION,
                HINT_BYLINE,
            )
        )


def _features(block: Block, turn: bool = False) -> _Features:
    text = block.text
    words = _words(text)
    qa = bool(_QA.match(text)) or turn
    ends = bool(_SENTENCE_END.search(text.rstrip()))
    headline = _headline_shaped(text) and not qa
    short = words <= 5 and len(text) <= 50
    return _Features(
        text=text,
        hint=block.hint,
        words=words,
        prose=qa or (ends and not headline and words >= 2),
        headline=headline,
        label=(short and _label_key(text) in _OTHER_LABELS) or _is_tail_label(text),
        tail=_is_tail_label(text),
        byline=_byline_names(text) if words <= 25 else (),
        bare_name=_bare_name(text) if words <= 9 else "",
        date_line=_is_date_line(text) or (words <= 8 and bool(_READING_TIME.search(text))),
        bio=words <= 120
        and not LEAD_PHRASE.search(text)
        and (bool(_BIO.match(text.strip(" *_"))) or bool(_HANDLE.search(text))),
        disclaimer=len(text) <= 800 and bool(_DISCLAIMER.search(text)),
        caption=block.hint == HINT_CAPTION or bool(_CAPTION.match(text)),
        tags=bool(_TAGS_LINE.match(text)) and words <= 30,
        comment=bool(_COMMENT.match(text)),
        navigation=_is_navigation(text) and words <= 15,
        attribution_line=bool(
            _ATTRIBUTION_PREFIX.match(text) or _PUBLISHED.match(text.strip(" *_"))
        )
        or bool(_EDIT_NOTE.match(text)),
    )


#: How many blocks away a pull-quote stands from the paragraph it repeats, at most: a
#: paragraph found again far away is in a copy of the article, not a pull-quote.
_PULL_QUOTE_REACH = 10


def _mark_repeats(features: list[_Features]) -> None:
    """A paragraph seen before is repeated; so is a block that copies several other
    paragraphs whole (a page's print or app copy of the article). A short paragraph inside
    a longer one near it is a pull-quote, before or after it."""
    seen: set[str] = set()
    keys = [_norm_key(f.text) for f in features]
    padded_keys = [f" {k} " for k in keys]
    parts = [(i, k) for i, k in enumerate(padded_keys) if features[i].words >= 8]
    long_keys: list[tuple[int, str]] = []
    for i, key in enumerate(padded_keys):
        if features[i].words < 25:
            continue
        inside = [j for j, part in parts if j != i and len(part) < len(key) and part in key]
        if len(inside) >= 2 and sum(features[j].words for j in inside) >= 0.5 * features[i].words:
            features[i].repeated = True
        else:
            long_keys.append((i, key))
    for i, (f, key) in enumerate(zip(features, keys, strict=True)):
        if key in seen:
            f.repeated = True
        seen.add(key)
        if f.words < 60 and key and not f.repeated:
            padded = padded_keys[i]
            f.pull_quote = any(
                j != i and abs(j - i) <= _PULL_QUOTE_REACH and padded in other
                for j, other in long_keys
            )


def _mark_teasers(features: list[_Features]) -> None:
    """Teasers: runs of headlines of other pieces, each perhaps with a short summary — two
    or more with summaries, or three or more bare ones. Labels, bylines, dates and the
    marked-up title are not teaser headlines, and lines a sentence announces ("…are:")
    are a list, not teasers."""
    n = len(features)

    def headline(f: _Features) -> bool:
        return (
            f.headline
            and f.hint not in (HINT_MAIN, HINT_TITLE)
            and not (f.label or f.byline or f.bare_name or f.date_line or f.navigation or f.tags)
        )

    i = 0
    while i < n:
        start = i
        headlines = summaries = 0
        while i < n and headline(features[i]):
            headlines += 1
            j = i + 1
            if (
                j < n
                and features[j].prose
                and features[j].words <= 40
                and features[j].hint != HINT_MAIN
                and (j + 1 >= n or headline(features[j + 1]) or features[j + 1].label)
            ):
                summaries += 1
                j += 1
            i = j
        end = i
        if end > start and headline(features[end - 1]) and end < n:
            after = features[end]
            if after.byline or after.bare_name or after.date_line or after.words > 40:
                end -= 1  # the article's own title, right before its byline or body
                headlines -= 1
        # Short lines after a sentence that announces them ("…are short:") are a list.
        announced = start > 0 and features[start - 1].text.rstrip().endswith(":")
        if (summaries >= 2 or headlines >= 3) and not announced:
            for f in features[start:end]:
                f.teaser = True
        i = max(i, start + 1)


def _weight(f: _Features) -> float:
    """How much a block speaks for being inside the body run."""
    if f.hint == HINT_MAIN and not (f.repeated or f.pull_quote or f.bio or f.disclaimer):
        return 4.0
    if f.not_the_article or not f.prose:
        return -1.5
    return min(f.words, 80) / 10


#: How many short lines (the links of a "Related articles" box) the body may run past
#: after a tail label, when a paragraph of the article follows them.
_BOX_LINES = 6


def _ends_article(features: list[_Features], i: int) -> bool:
    """Whether the tail label at ``i`` ends the article. A "Read more" line or a "Related
    articles" box left inside the body by a paste — the label, at most a few short
    headlines, then a paragraph of prose — does not; a comments header always does."""
    if _COMMENT_HEADER.match(_label_key(features[i].text)):
        return True
    following = [f for f in features[i + 1 :] if f.text.strip()]
    for f in following[: _BOX_LINES + 1]:
        if f.prose and not f.headline and f.words >= 25:
            return f.comment or f.bio or f.teaser or f.tail or f.disclaimer
        if f.words > 20 or f.tail or f.comment:
            return True
    return True


def _best_run(features: list[_Features]) -> tuple[int, int]:
    """``(start, end)`` of the best-scoring run of blocks; it never crosses a label that
    ends the article (:func:`_ends_article`)."""
    best = (0.0, 0, 0)
    total = 0.0
    start = 0
    # On a page the extractor read, its body decides: a "You may also like" box inside
    # the article does not end it.
    extracted = any(f.hint == HINT_MAIN for f in features)
    for i, f in enumerate(features):
        if f.tail and not extracted and _ends_article(features, i):
            total, start = 0.0, i + 1
            continue
        w = _weight(f)
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best[0]:
            best = (total, start, i + 1)
    return best[1], best[2]


# --- classification ----------------------------------------------------------------------

_WRITES = re.compile(
    r"(?i:\b(?:writes|argues|says|explains|notes|reflects|warns))\s+(?P<name>" + _NAME + r")"
    r"\s+(?i:in\s+(?:this|an|a|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:op-ed|oped|article|commentary|analysis|interview|essay|opinion piece|piece|blog|column))"
    r"(?:\s+(?i:for|on|in|published by)\s+(?P<outlet>[\w.-]+\.[a-z]{2,}|(?:[Tt]he\s+)?"
    r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}))?"
)
_DOMAIN = re.compile(
    r"(?<![\w@/.-])(?:www\.)?(?P<domain>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\."
    r"(?:com|org|net|eu|info|am|az|ge|ru|uk|de|fr|io|news|media|co|tv|ch|nl|be|pl|ua|md|cy|"
    r"rs|al|ba|mk|me|gr|tr|ie))(?![\w-])",
    re.IGNORECASE,
)
_PUBLISHED_BY = re.compile(
    r"\b(?:published (?:by|in|on)|written for|op-ed for|commentary for|interview for|"
    r"analysis for|appeared in|(?:an? )?(?:analysis|commentary|op-ed|article) (?:by .{2,60}? )?for)"
    r"\s+(?:the\s+)?(?P<outlet>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)


def _outlet_text(value: str) -> str:
    return value.rstrip(".,;:)'’\"”*").strip()


def interview_turns(blocks: Sequence[Block]) -> list[int]:
    """Positions of the blocks that are turns of an interview (empty if it is not one).

    Turns are "Q:"/"A:" lines, or lines opened by a speaker's name and a colon when at
    least two speakers have at least four such lines between them.
    """
    qa = [i for i, b in enumerate(blocks) if _QA.match(b.text)]
    if len(qa) >= 2:
        return qa
    labelled = [
        (i, label.lower()) for i, b in enumerate(blocks) if (label := _speaker_label(b.text))
    ]
    ignored = {"source", "sources", "photo", "image", "caption", "tags", "note", "disclaimer"}
    counts = Counter(label for _, label in labelled if label not in ignored)
    speakers = {label for label, n in counts.items() if n >= 2}
    turns = [i for i, label in labelled if label in speakers]
    if len(speakers) >= 2 and len(turns) >= 4:
        return turns
    return []


def _is_lead_text(text: str) -> bool:
    return text.startswith(_OPENING_QUOTE) or LEAD_PHRASE.search(text) is not None


def segment(blocks: Sequence[Block], meta: PageMeta | None = None) -> Segmentation:
    """Classify ``blocks`` into passages and find the title, authors, outlet and date."""
    meta = meta or PageMeta()
    blocks = [b for b in blocks if b.text]
    turns = set(interview_turns(blocks))
    features = [_features(b, i in turns) for i, b in enumerate(blocks)]
    _mark_repeats(features)
    _mark_teasers(features)
    run_start, run_end = _best_run(features)
    # The run is the article's body; its start and end are pulled in past anything that
    # is not prose (a heading at the end of the run, a byline at its start).
    while run_end > run_start and _weight(features[run_end - 1]) < 0:
        run_end -= 1

    kinds: list[PassageKind | None] = [None] * len(blocks)
    for i, f in enumerate(features):
        if f.disclaimer:
            kinds[i] = PassageKind.DISCLAIMER
        elif f.caption:
            kinds[i] = PassageKind.CAPTION
        elif f.bio or f.attribution_line or f.byline or (f.hint == HINT_BYLINE and f.words <= 80):
            kinds[i] = PassageKind.ATTRIBUTION
    extracted = any(f.hint == HINT_MAIN for f in features)
    if extracted:
        # The extractor has chosen the article's paragraphs, wherever they stand (a table,
        # an embedded post or a list between them does not end the article); only what
        # repeats other text or is plainly not prose of the article is left out.
        for i, f in enumerate(features):
            if kinds[i] is None and f.hint == HINT_MAIN and not _not_extracted_body(features, i):
                kinds[i] = PassageKind.BODY
        found = [i for i, kind in enumerate(kinds) if kind == PassageKind.BODY]
        if found:
            run_start, run_end = found[0], found[-1] + 1
            # Subheadings between body paragraphs are the article's text too.
            for i in range(run_start, run_end):
                if kinds[i] is None and features[i].hint == HINT_SUBHEADING:
                    kinds[i] = PassageKind.BODY
    in_box = False
    for i in range(run_start, run_end):
        f = features[i]
        if extracted:
            break
        if f.tail or f.label:
            in_box = True  # a "Related" box or "Read more" line inside the body
        if kinds[i] is not None:
            continue
        if f.prose and not f.not_the_article and not (f.repeated or f.pull_quote):
            kinds[i] = PassageKind.BODY
            in_box = False
        elif not (in_box or f.prose or f.not_the_article or f.teaser) and f.hint == "":
            # A short line between the body's paragraphs — a list item, a subheading —
            # is the article's too.
            kinds[i] = PassageKind.BODY
    # The title: a marked-up title, else the last headline before the run (not a teaser).
    # A declared title that is only the site's name ("<title>Caucasus Review</title>") is none.
    declared = meta.title if _norm_key(meta.title) != _norm_key(meta.outlet) else ""
    title_at = _marked_title(blocks, features, declared, meta.outlet, run_start)
    if title_at is None and not declared:
        # Plain text, or a page without a declared title: a headline before the body.
        title_at = _title_position(features, kinds, run_start)
    if title_at is not None and kinds[title_at] is None:
        kinds[title_at] = PassageKind.TITLE
    # Bare-name bylines next to the title or the run's start are the author's name.
    bare_authors: list[str] = []
    for i, f in enumerate(features):
        near = (title_at is not None and abs(i - title_at) <= 3) or (run_start - 4 <= i < run_start)
        if f.bare_name and near and kinds[i] is None:
            kinds[i] = PassageKind.ATTRIBUTION
            bare_authors.extend(split_names(f.bare_name))
    # The lead: a standfirst between the title and the run, or the run's first paragraph
    # when it is about the piece ("writes X in this op-ed") or an interview's introduction.
    lead_at = _lead_position(blocks, features, kinds, title_at, run_start, turns)
    if lead_at is not None:
        kinds[lead_at] = PassageKind.LEAD
    final = [kind or PassageKind.FURNITURE for kind in kinds]
    segments = tuple(Segment(kind, b.text) for kind, b in zip(final, blocks, strict=True))

    authors, outlet = _find_authors_outlet(segments, features, meta, bare_authors)
    title = segments[title_at].text if title_at is not None else ""
    if not title:
        title = _title_from_meta(declared, outlet) or _title_from_body(segments)
    published = meta.published or _find_date(features, title_at, run_start)
    attribution = " ".join(s.text for s in segments if s.kind == PassageKind.ATTRIBUTION)
    if not attribution and (authors or outlet):
        attribution = ", ".join(part for part in (join_names(authors), outlet) if part)
    return Segmentation(
        title=title,
        authors=authors,
        outlet=outlet,
        attribution=attribution,
        segments=segments,
        is_interview=bool(turns),
        published=published,
    )


#: How many blocks before the body the title is looked for.
_TITLE_REACH = 25


#: How far before the body a page's <h1> may stand and still be the article's title.
_H1_REACH = 15


def _marked_title(
    blocks: Sequence[Block],
    features: list[_Features],
    title: str,
    outlet: str,
    run_start: int,
) -> int | None:
    """The page's marked-up title: the block the metadata's ``title`` names, else the
    <h1> nearest before the body that reads as a title (a site's logo, "Skip to content"
    or a "Follow us" widget in an <h1> is not the article's title); ``None`` leaves the
    choice to the metadata or the text."""
    marked = [i for i, b in enumerate(blocks) if b.hint == HINT_TITLE]
    wanted = {_norm_key(title), _norm_key(_title_from_meta(title, outlet))} - {""}
    for i in marked:
        if _norm_key(blocks[i].text) in wanted:
            return i
    no_kinds: list[PassageKind | None] = [None] * len(blocks)
    near = [
        i
        for i in marked
        if run_start - _H1_REACH <= i < run_start and _title_candidate(features, no_kinds, i)
    ]
    return near[-1] if near else None


def _title_candidate(features: list[_Features], kinds: list[PassageKind | None], i: int) -> bool:
    """Whether block ``i`` may be a text's title: an unclassified headline of two words
    or more that is no teaser, label, byline, date, caption or share line."""
    f = features[i]
    return (
        kinds[i] is None
        and f.headline
        and (f.words >= 2 or len(f.text) >= 12)
        and "@" not in f.text
        and not (
            f.teaser or f.tail or f.label or f.byline or f.bare_name or f.date_line
            or f.navigation or f.tags or f.caption
        )
    )  # fmt: skip


def _credited(features: list[_Features], i: int) -> bool:
    """Whether a byline, a name or a date stands beside block ``i``."""
    near = features[max(0, i - 2) : i] + features[i + 1 : i + 4]
    return any(f.byline or f.bare_name or f.date_line for f in near)


def _title_position(
    features: list[_Features], kinds: list[PassageKind | None], run_start: int
) -> int | None:
    """The title of a text: a headline before the body (:func:`_title_candidate`); of
    those, the nearest one with a byline or a date beside it (the article's own headline
    on a copied page), else the nearest one."""
    end = min(run_start, len(features))
    before = [
        i for i in range(end - 1, max(-1, run_start - _TITLE_REACH), -1)
        if _title_candidate(features, kinds, i)
    ]  # fmt: skip
    if not before:
        # A text that opens with its body has no title; a far headline still may be one.
        before = [i for i in range(end - 1, -1, -1) if _title_candidate(features, kinds, i)]
    return next((i for i in before if _credited(features, i)), before[0] if before else None)


def _not_extracted_body(features: list[_Features], i: int) -> bool:
    """Whether a paragraph the extractor kept is still not the article's own text: a
    copy (a repeat next to other repeats: a second copy of the article), a pull-quote, a
    label, a tags or share line, a comment or a teaser. A single line said again between
    new paragraphs (an interview's question put to each guest, a refrain) is the article's."""
    f = features[i]
    copied = f.repeated and (
        f.words >= 25 or any(features[j].repeated for j in (i - 1, i + 1) if 0 <= j < len(features))
    )
    return copied or f.pull_quote or f.label or f.tags or f.comment or f.teaser or f.tail


def _lead_position(
    blocks: Sequence[Block],
    features: list[_Features],
    kinds: list[PassageKind | None],
    title_at: int | None,
    run_start: int,
    turns: set[int],
) -> int | None:
    first_body = next(
        (i for i in range(run_start, len(kinds)) if kinds[i] == PassageKind.BODY), None
    )
    # A standfirst: prose after the title, with only bylines, dates and labels between it
    # and the body.
    if title_at is not None and first_body is not None and title_at < first_body:
        for i in range(title_at + 1, first_body):
            f = features[i]
            if (
                kinds[i] is None
                and (f.prose or blocks[i].hint == HINT_LEAD)
                and not (f.not_the_article)
            ):
                between = range(i + 1, first_body)
                if all(kinds[j] is not None or features[j].not_the_article for j in between):
                    return i
    if first_body is None:
        return None
    text = blocks[first_body].text
    if turns:
        first_turn = min(turns)
        return first_body if first_body < first_turn else None
    if blocks[first_body].hint == HINT_LEAD or _is_lead_text(text):
        return first_body
    return None


def _find_authors_outlet(
    segments: Sequence[Segment],
    features: list[_Features],
    meta: PageMeta,
    bare_authors: list[str],
) -> tuple[tuple[str, ...], str]:
    authors: list[str] = [a for a in meta.authors if a]
    outlet = meta.outlet.strip()
    article = [s.text for s in segments if s.kind in (PassageKind.LEAD, PassageKind.BODY)]
    attributions = [s.text for s in segments if s.kind == PassageKind.ATTRIBUTION]
    disclaimers = [s.text for s in segments if s.kind == PassageKind.DISCLAIMER]
    if not authors:
        for f in features:
            if f.byline:
                authors.extend(n for n in f.byline if n)
                if authors:
                    rest = _BYLINE.match(f.text.strip(" *_"))
                    tail = rest.group("rest").strip(" ,|–—-") if rest else ""
                    if tail and not outlet:
                        domain = _DOMAIN.search(tail)
                        if domain:
                            outlet = domain.group("domain")
                        elif tail.lower().startswith(("for ", "in ")):
                            outlet = _outlet_text(tail.split(" ", 1)[1].removeprefix("the "))
                    break
    for text in article[:3]:
        match = _WRITES.search(text[:2000])
        if match:
            if not authors:
                name = _capitalised_name(match.group("name"))
                if name:
                    authors.append(name)
            if match.group("outlet") and not outlet:
                outlet = _outlet_text(match.group("outlet"))
            break
    if not authors:
        authors.extend(bare_authors)
    if not authors:
        for text in attributions:
            if text.lower().startswith(("author:", "source:", "sources:", "authors:")):
                authors.extend(
                    n
                    for part in split_names(text.split(":", 1)[1])
                    if (n := _capitalised_name(part))
                )
                if authors:
                    break
            bio = _BIO.match(text.strip(" *_"))
            if bio and not text.lower().startswith("the author"):
                name = _capitalised_name(text.strip(" *_").split(" is ")[0])
                if name:
                    authors.append(name)
                    break
    if not outlet:
        for text in attributions + disclaimers + article[:1]:
            published = _PUBLISHED_BY.search(text)
            if published:
                outlet = _outlet_text(published.group("outlet"))
                break
    if not outlet and meta.url:
        domain = _DOMAIN.search(meta.url)
        if domain:
            outlet = domain.group("domain").lower()
    if not outlet:
        for text in attributions + disclaimers:
            domain = _DOMAIN.search(text)
            if domain:
                outlet = domain.group("domain")
                break
    if not outlet:
        for text in disclaimers:
            position = re.search(
                r"(?:position|views?|policy) of (?:the )?(?P<o>[A-Z][\w&'’.-]*"
                r"(?:\s+[A-Z][\w&'’.-]*){0,4})",
                text,
            )
            if position:
                outlet = _outlet_text(position.group("o"))
                break
    return tuple(dict.fromkeys(a for a in authors if a)), outlet


def _find_date(features: list[_Features], title_at: int | None, run_start: int) -> date | None:
    around = [
        f
        for i, f in enumerate(features)
        if f.date_line and ((title_at is not None and abs(i - title_at) <= 4) or i < run_start)
    ]
    for f in around:
        found = parse_date(f.text)
        if found:
            return found
    return None


def _title_from_meta(title: str, outlet: str) -> str:
    for separator in (" | ", " – ", " — ", " - ", " :: "):
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if _words(tail) <= 5 or (outlet and outlet.lower() in tail.lower()):
                return head.strip()
    return title.strip()


def _title_from_body(segments: Sequence[Segment]) -> str:
    for kind in (PassageKind.LEAD, PassageKind.BODY):
        for s in segments:
            if s.kind == kind:
                words = s.text.split()
                return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return ""


def segment_document(text: str, *, is_html: bool) -> Segmentation:
    """Read ``text`` (HTML or plain text/Markdown) and classify its passages."""
    if is_html:
        blocks, meta = blocks_from_html(text)
        return segment(blocks, meta)
    return segment(blocks_from_text(text))
