"""Splitting a document into passages and telling the article from the rest (PRODUCT §7).

Two readers turn a document into :class:`Block` s — short runs of text with an optional
structural hint: :func:`blocks_from_text` for plain text and Markdown (blank lines separate
paragraphs; lines that are labels, "source:"/"photo:" lines, Q/A turns or list items stand
alone; hard-wrapped lines are joined) and :func:`blocks_from_html` for HTML (``<script>``
and ``<style>`` ignored; ``<nav>``, ``<aside>``, ``<footer>``, related/share/sidebar boxes
and anything outside ``<article>``/``<main>`` marked as furniture; ``<h1>`` is the title,
``<figcaption>`` a caption, a "lead"/"standfirst" class the lead, ``<meta>`` author and
site name read).

:func:`segment` then gives every block a :class:`~planner.vocabulary.PassageKind`:

* the title (the ``<h1>``, or a first short line that does not end like a sentence);
* the lead: the first paragraph when it opens with a quotation, is marked as a lead, names
  the piece ("writes X in this op-ed for Y") or, in an interview, precedes the first question;
* attribution ("source: …", "By X", "Interview by X", the author's bio), captions
  ("photo: …"), disclaimers ("The views expressed … do not necessarily reflect …");
* furniture: section labels ("Editor's choice", "News", "Related articles", short lines),
  repeated paragraphs, and — once the article has ended (a disclaimer, an attribution
  after the body, or a "Related articles"-style label) — everything that follows;
* body: every other paragraph.

The author and outlet come from ``<meta>`` tags or from the text ("writes X in this op-ed
for Y", "By X", "Interview by X"), the outlet also from a web address in the
attribution or disclaimer.

Pure: no Flask, no database; linear in the size of the document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from planner.vocabulary import PassageKind

# Hints a reader may attach to a block.
HINT_TITLE = "title"
HINT_HEADING = "heading"
HINT_LEAD = "lead"
HINT_CAPTION = "caption"
HINT_BYLINE = "byline"
HINT_FURNITURE = "furniture"


@dataclass(frozen=True)
class Block:
    """A paragraph-sized run of cleaned text, with what its markup says about it."""

    text: str
    hint: str = ""


@dataclass(frozen=True)
class PageMeta:
    """What an HTML ``<head>`` says about the page."""

    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""


@dataclass(frozen=True)
class Segment:
    """One classified passage, before tagging."""

    kind: PassageKind
    text: str


@dataclass(frozen=True)
class Segmentation:
    """A document split into classified passages, with its title and attribution."""

    title: str
    author: str
    outlet: str
    attribution: str
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    is_interview: bool = False


# --- text cleaning -----------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Collapse runs of spaces (including no-break spaces) and drop invisible characters."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _words(text: str) -> int:
    return len(text.split())


# --- patterns ------------------------------------------------------------------------------

_CAPTION = re.compile(
    r"^\(?(?:photo(?:graph)?s?|pictures?|images?|pictured|caption|illustration|"
    r"(?:cover|main|top|featured) (?:photo|image)|video)(?: credits?)?\s*[:|–—]\s*\S",
    re.IGNORECASE,
)
_ATTRIBUTION_PREFIX = re.compile(
    r"^(?:sources?|author|about the author|credits?|reporting|text)\s*:\s*\S", re.IGNORECASE
)
_BYLINE = re.compile(
    r"^(?:(?i:by|written by|words by|interview by|interviewed by|reported by|"
    r"text by|an interview by)\s*:?\s+)(?P<name>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4})"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
_PUBLISHED = re.compile(
    r"^(?:this (?:article|op-ed|interview|commentary|piece|text|analysis) (?:was|is|has been) "
    r"(?:first |originally )?(?:published|written|produced|prepared)|originally published|"
    r"first published|republished)\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions) (?:and opinions )?expressed\b|"
    r"\bdo(?:es)? not necessarily (?:reflect|represent)\b|^disclaimer\s*:",
    re.IGNORECASE,
)
_TAGS_LINE = re.compile(
    r"^(?:tags|topics|categories|keywords|filed under|share(?: this)?(?: article| story)?|"
    r"read (?:more|also)|see also|also read|follow us|subscribe|advertisement|sign up)\b"
    r"\s*(?::|$)",
    re.IGNORECASE,
)
_QA = re.compile(r"^(?:Q|A|Question|Answer)\s*[:.]\s*\S")
_SPEAKER = re.compile(r"^(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}):\s+\S")
_OPENING_QUOTE = tuple("\"“„«‘'")
LEAD_PHRASE = re.compile(
    r"\b(?:writes|argues|says|explains|notes|reflects|warns)\s+[A-Z][\w'’.-]*(?:\s+\S+){0,4}?\s+"
    r"in\s+(?:this|an|a|his|her|their)\b|"
    r"\bin (?:this|an exclusive) (?:op-ed|oped|article|commentary|interview|analysis|essay|"
    r"opinion piece|piece|column)\b|\bin an interview (?:with|for)\b",
    re.IGNORECASE,
)

# Section labels that are always page furniture. The "tail" ones also mean that the
# article has ended once some body text has been seen.
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
        "home",
        "menu",
        "search",
        "print",
        "email",
        "top",
    }
)


def _label_key(text: str) -> str:
    key = text.lower().replace("’", "'").strip(" :.-–—|»›>")
    return re.sub(r"\s+", " ", key)


def _is_label(text: str) -> bool:
    """A short line that reads like a section label, not like a sentence."""
    if _words(text) > 5 or len(text) > 50:
        return False
    return not (_QA.match(text) or text.rstrip().endswith(("?", "!", ".", "…", '"', "”")))


def _looks_like_title(text: str) -> bool:
    if _words(text) > 30 or len(text) > 300:
        return False
    if _label_key(text) in _TAIL_LABELS or _label_key(text) in _OTHER_LABELS:
        return False
    if _QA.match(text) or _CAPTION.match(text) or _ATTRIBUTION_PREFIX.match(text):
        return False
    stripped = text.rstrip(" \"”'’")
    return not stripped.endswith((".", ",", ";", ":")) or stripped.endswith("...")


# --- plain text and Markdown ---------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_MD_LIST = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*_])(?:\*\*|__|\*)(?=\S)|(?<=\S)(?:\*\*|__|\*)(?![\w*_])")
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
        lines = [clean(_MD_QUOTE.sub("", line)) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        for group in _group_lines(lines):
            block = _markdown_block(group)
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
        wrapped = 40 <= len(first) <= 120 and (
            not first.endswith((".", "!", "?", ":", '"', "”")) or lines[1][:1].islower()
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
            previous is not None
            and not standalone
            and _QA.match(previous)
            and len(previous) >= 40
            and line[:1].islower()
        ):
            groups[-1] = previous + " " + line
        else:
            groups.append(line)
    return groups


def _markdown_block(line: str) -> Block | None:
    hint = ""
    heading = _MD_HEADING.match(line)
    if heading:
        hint = HINT_TITLE if len(heading.group(1)) == 1 else HINT_HEADING
        line = heading.group(2)
    else:
        line = _MD_LIST.sub("", line, count=1)
    if "](" in line:
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
    if "*" in line or "__" in line:
        line = _MD_EMPHASIS.sub("", line)
    line = clean(line)
    if not line or not any(c.isalnum() for c in line):
        return None
    return Block(line, hint)


# --- HTML ------------------------------------------------------------------------------------

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
    ]
)
_SKIP = frozenset(
    [
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
    ]
)
_BLOCK = frozenset(
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
        "hr",
        "html",
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
        "title",
    ]
)
_AUTOCLOSE = frozenset(["p", "li", "dt", "dd", "tr", "td", "th", "option"])
_FURNITURE_TAGS = frozenset(["nav", "aside", "footer", "form", "menu"])
_FURNITURE_ROLES = frozenset(
    ["navigation", "complementary", "contentinfo", "banner", "search", "menu"]
)
_FURNITURE_WORDS = frozenset(
    [
        "related",
        "sidebar",
        "share",
        "sharing",
        "social",
        "comments",
        "comment",
        "newsletter",
        "subscribe",
        "advert",
        "advertisement",
        "ad",
        "ads",
        "promo",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "cookie",
        "cookies",
        "teaser",
        "teasers",
        "recommended",
        "popular",
        "widget",
        "tags",
        "footer",
        "nav",
        "navbar",
        "navigation",
        "sponsored",
    ]
)
_LEAD_WORDS = frozenset(
    [
        "lead",
        "lede",
        "standfirst",
        "intro",
        "summary",
        "dek",
        "deck",
        "excerpt",
        "subtitle",
        "subheadline",
        "strapline",
    ]
)
_BYLINE_WORDS = frozenset(["byline", "author", "authors", "credit", "credits"])
_CAPTION_WORDS = frozenset(["caption", "figcaption"])


@dataclass
class _Open:
    tag: str
    furniture: bool
    main: bool
    hint: str


@dataclass
class _RawBlock:
    text: str
    tag: str
    hint: str
    furniture: bool
    main: bool


class _PageReader(HTMLParser):
    """Collects text blocks and head metadata; tolerant of unclosed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.buffer: list[str] = []
        self.blocks: list[_RawBlock] = []
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.has_main = False

    # state of the innermost open element
    def _top(self) -> _Open:
        return self.stack[-1] if self.stack else _Open("", False, False, "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            self._read_meta(attributes)
            return
        if tag == "link" and "canonical" in attributes.get("rel", "").lower():
            self.meta.setdefault("url", attributes.get("href", ""))
            return
        if tag == "title":
            self.in_title = True
            return
        if tag == "br":
            if not self.skip_depth:
                self.buffer.append("\n")
            return
        if tag in _VOID:
            if tag == "hr":
                self._flush()
            return
        if tag == "body" and any(e.tag == "head" for e in self.stack):
            self.handle_endtag("head")
        if tag in _SKIP:
            self.skip_depth += 1
            self.stack.append(_Open(tag, True, False, "skip"))
            return
        if tag in _AUTOCLOSE or tag in _BLOCK:
            self._autoclose(tag)
        parent = self._top()
        words = _attribute_words(attributes)
        role = attributes.get("role", "").lower()
        furniture = (
            parent.furniture
            or tag in _FURNITURE_TAGS
            or role in _FURNITURE_ROLES
            or bool(words & _FURNITURE_WORDS)
        )
        main = parent.main or tag in ("article", "main") or role in ("main", "article")
        if main and not parent.main:
            self.has_main = True
        hint = parent.hint
        if words & _LEAD_WORDS:
            hint = HINT_LEAD
        elif words & _BYLINE_WORDS or "author" in attributes.get("rel", "").lower():
            hint = HINT_BYLINE
        elif words & _CAPTION_WORDS or tag == "figcaption":
            hint = HINT_CAPTION
        if tag in _BLOCK or furniture != parent.furniture or hint != parent.hint:
            self._flush()
        self.stack.append(_Open(tag, furniture, main, hint))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position].tag == tag:
                break
        else:
            return
        closing = self.stack[position:]
        below = self.stack[position - 1] if position else _Open("", False, False, "")
        if any(e.tag in _BLOCK for e in closing) or (
            closing[0].furniture != below.furniture or closing[0].hint != below.hint
        ):
            self._flush()
        for element in closing:
            if element.hint == "skip":
                self.skip_depth -= 1
        del self.stack[position:]

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _autoclose(self, tag: str) -> None:
        """An opening block closes an open <p>; a <li> closes the previous <li>, etc."""
        for position in range(len(self.stack) - 1, -1, -1):
            element = self.stack[position]
            if element.tag == tag and tag in _AUTOCLOSE or element.tag == "p":
                self.handle_endtag(element.tag)
                return
            if element.tag in _BLOCK:
                return

    def _flush(self) -> None:
        if not self.buffer:
            return
        text = "".join(self.buffer)
        self.buffer = []
        if not text.strip():
            return
        top = self._top()
        block_tag = next((e.tag for e in reversed(self.stack) if e.tag in _BLOCK), "")
        hint = top.hint
        if block_tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            hint = block_tag
        if block_tag == "figcaption":
            hint = HINT_CAPTION
        lines = [clean(line) for line in text.split("\n")]
        lines = [line for line in lines if line]
        parts = lines if any(_STANDALONE.match(line) for line in lines[1:]) else [" ".join(lines)]
        for part in parts:
            if part:
                self.blocks.append(_RawBlock(part, block_tag, hint, top.furniture, top.main))

    def _read_meta(self, attributes: dict[str, str]) -> None:
        name = (attributes.get("name") or attributes.get("property") or "").lower()
        content = clean(attributes.get("content", ""))
        if not content:
            return
        if name in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
            if not content.lower().startswith(("http:", "https:")):
                self.meta.setdefault("author", content)
        elif name in ("og:site_name", "application-name", "dc.publisher", "publisher"):
            self.meta.setdefault("outlet", content)
        elif name == "og:url":
            self.meta.setdefault("url", content)
        elif name in ("og:title", "twitter:title", "dc.title"):
            self.meta.setdefault("title", content)


def _attribute_words(attributes: dict[str, str]) -> set[str]:
    value = f"{attributes.get('class', '')} {attributes.get('id', '')}".lower()
    if not value.strip():
        return set()
    return {word for word in re.split(r"[^a-z0-9]+", value) if word}


def blocks_from_html(html: str) -> tuple[list[Block], PageMeta]:
    """Read an HTML page into blocks and head metadata (see the module docstring)."""
    reader = _PageReader()
    try:
        reader.feed(html)
        reader.close()
    except (AssertionError, ValueError, IndexError):  # pragma: no cover - malformed markup
        reader._flush()
    headlines = [i for i, raw in enumerate(reader.blocks) if raw.hint == "h1" and not raw.furniture]
    in_main = [i for i in headlines if reader.blocks[i].main]
    title_at = (in_main or headlines or [-1])[0]
    blocks: list[Block] = []
    for position, raw in enumerate(reader.blocks):
        hint = raw.hint
        if position == title_at:
            hint = HINT_TITLE
        elif raw.furniture:
            hint = HINT_FURNITURE
        elif hint.startswith("h") and hint[1:].isdigit():
            hint = HINT_HEADING
        elif reader.has_main and not raw.main:
            hint = HINT_FURNITURE
        blocks.append(Block(raw.text, hint))
    page_title = clean(reader.meta.get("title", "") or "".join(reader.title_parts))
    meta = PageMeta(
        title=page_title,
        author=reader.meta.get("author", ""),
        outlet=reader.meta.get("outlet", ""),
        url=reader.meta.get("url", ""),
    )
    return blocks, meta


# --- classification ----------------------------------------------------------------------

_NAME = r"[^\W\d_][\w'’.-]*(?:\s+(?:(?:de|van|von|der|al|el|bin|ibn|da|di|du|la|le)\s+)?[^\W\d_][\w'’.-]*){1,3}"
_WRITES = re.compile(
    r"(?i:\b(?:writes|argues|says|explains|notes|reflects|warns))\s+(?P<name>" + _NAME + r")"
    r"\s+(?i:in\s+(?:this|an|a|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:op-ed|oped|article|commentary|analysis|interview|essay|opinion piece|piece|blog|column))"
    r"(?:\s+(?i:for|on|in|published by)\s+(?P<outlet>[\w.-]+\.[a-z]{2,}|(?:[Tt]he\s+)?"
    r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}))?"
)
_DOMAIN = re.compile(
    r"(?<![\w@/.-])(?:www\.)?(?P<domain>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\."
    r"(?:com|org|net|eu|info|am|az|ge|ru|uk|de|fr|io|news|media|co|tv|ch|nl|be|pl|ua))"
    r"(?![\w-])",
    re.IGNORECASE,
)
_PUBLISHED_BY = re.compile(
    r"\b(?:published (?:by|in|on)|written for|op-ed for|commentary for|interview for|appeared in)"
    r"\s+(?P<outlet>(?:[Tt]he\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)


def _capitalised_name(candidate: str) -> str:
    """The leading run of capitalised words (allowing particles), if at least two."""
    tokens = candidate.split()
    kept: list[str] = []
    for position, token in enumerate(tokens):
        if token[:1].isupper() or (
            token in ("de", "van", "von", "der", "al", "el", "bin", "ibn", "da", "di", "du")
            and position + 1 < len(tokens)
            and tokens[position + 1][:1].isupper()
        ):
            kept.append(token)
        else:
            break
    name = " ".join(kept).rstrip(".,;:'’")
    return name if len(kept) >= 2 else ""


def _outlet_text(value: str) -> str:
    return value.rstrip(".,;:)'’\"”").strip()


def _find_author_outlet(
    texts: Sequence[str], byline_texts: Sequence[str], meta: PageMeta
) -> tuple[str, str]:
    author = _capitalised_name(meta.author) or meta.author.strip()
    outlet = meta.outlet.strip()
    for text in texts:
        if author and outlet:
            break
        match = _WRITES.search(text)
        if match:
            author = author or _capitalised_name(match.group("name"))
            if match.group("outlet"):
                outlet = outlet or _outlet_text(match.group("outlet"))
    for text in byline_texts:
        if author and outlet:
            break
        byline = _BYLINE.match(text)
        if byline:
            author = author or _capitalised_name(byline.group("name"))
            rest = byline.group("rest").strip(" ,|–—-")
            if rest and not outlet:
                domain = _DOMAIN.search(rest)
                if domain:
                    outlet = domain.group("domain")
                elif rest.startswith(("for ", "in ")):
                    outlet = _outlet_text(rest.split(" ", 1)[1])
        elif not author and text.lower().startswith(("author:", "source:", "sources:")):
            author = _capitalised_name(text.split(":", 1)[1].strip())
    if not outlet:
        for text in list(byline_texts) + list(texts):
            published = _PUBLISHED_BY.search(text)
            if published:
                outlet = _outlet_text(published.group("outlet"))
                break
    if not outlet and meta.url:
        domain = _DOMAIN.search(meta.url)
        if domain:
            outlet = domain.group("domain").lower()
    if not outlet:
        for text in byline_texts:
            domain = _DOMAIN.search(text)
            if domain:
                outlet = domain.group("domain")
                break
    return author, outlet


def _interview_turns(blocks: Sequence[Block]) -> list[int]:
    """Positions of the blocks that are turns of an interview (empty if it is not one).

    Turns are "Q:"/"A:" lines, or lines opened by a speaker's name and a colon when at
    least two speakers have at least four such lines between them.
    """
    qa = [i for i, b in enumerate(blocks) if _QA.match(b.text)]
    if len(qa) >= 2:
        return qa
    labelled = [
        (i, m.group("label").lower()) for i, b in enumerate(blocks) if (m := _SPEAKER.match(b.text))
    ]
    ignored = {"source", "sources", "photo", "image", "caption", "tags", "note", "disclaimer"}
    counts = Counter(label for _, label in labelled if label not in ignored)
    speakers = {label for label, n in counts.items() if n >= 2}
    turns = [i for i, label in labelled if label in speakers]
    if len(speakers) >= 2 and len(turns) >= 4:
        return turns
    return []


def _norm_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _is_end_matter_attribution(text: str, author: str) -> bool:
    if _ATTRIBUTION_PREFIX.match(text) or _PUBLISHED.match(text):
        return True
    return bool(author) and text.startswith(author + " ") and _words(text) <= 80


def _byline_name(text: str) -> str:
    match = _BYLINE.match(text)
    return _capitalised_name(match.group("name")) if match else ""


def _is_attribution(text: str, hint: str, author: str) -> bool:
    if hint == HINT_BYLINE and _words(text) <= 80:
        return True
    if _ATTRIBUTION_PREFIX.match(text) or _PUBLISHED.match(text):
        return True
    if _words(text) <= 15 and _byline_name(text):
        return True
    return bool(author) and re.match(re.escape(author) + r" is (?:a|an|the)\b", text) is not None


def _is_lead(block: Block, is_interview: bool, before_first_turn: bool) -> bool:
    text = block.text
    if block.hint == HINT_LEAD:
        return True
    if is_interview:
        return before_first_turn and not _QA.match(text)
    return text.startswith(_OPENING_QUOTE) or LEAD_PHRASE.search(text) is not None


def segment(blocks: Sequence[Block], meta: PageMeta | None = None) -> Segmentation:
    """Classify ``blocks`` into passages and find the title, author and outlet."""
    meta = meta or PageMeta()
    blocks = [b for b in blocks if b.text]
    turns = _interview_turns(blocks)
    interview = bool(turns)
    first_turn = turns[0] if turns else len(blocks)
    head_texts = [b.text[:2000] for b in blocks[:12] if b.hint != HINT_FURNITURE]
    bylines = [
        b.text
        for b in blocks
        if b.hint == HINT_BYLINE
        or _byline_name(b.text)
        or _ATTRIBUTION_PREFIX.match(b.text)
        or (len(b.text) <= 800 and _DISCLAIMER.search(b.text))
        or _PUBLISHED.match(b.text)
    ]
    author, outlet = _find_author_outlet(head_texts, bylines, meta)
    title_hinted = any(b.hint == HINT_TITLE for b in blocks)

    kinds: list[PassageKind] = []
    seen: set[str] = set()
    title_seen = body_seen = lead_done = ended = False
    for position, block in enumerate(blocks):
        text = block.text
        key = _norm_key(text)
        repeated = key in seen
        seen.add(key)
        label = _label_key(text)
        kind: PassageKind
        if block.hint == HINT_FURNITURE or repeated:
            kind = PassageKind.FURNITURE
        elif len(text) <= 800 and _DISCLAIMER.search(text):
            kind = PassageKind.DISCLAIMER
            ended = ended or body_seen
        elif block.hint == HINT_CAPTION or _CAPTION.match(text):
            kind = PassageKind.CAPTION
        elif _is_attribution(text, block.hint, author):
            kind = PassageKind.ATTRIBUTION
            ended = ended or (body_seen and _is_end_matter_attribution(text, author))
        elif ended:
            kind = PassageKind.FURNITURE
        elif not title_seen and (
            block.hint == HINT_TITLE
            or (not title_hinted and not body_seen and not lead_done and _looks_like_title(text))
        ):
            kind = PassageKind.TITLE
            title_seen = True
        elif title_hinted and not title_seen:
            kind = PassageKind.FURNITURE  # whatever precedes the marked-up title
        elif label in _TAIL_LABELS or label in _OTHER_LABELS or _TAGS_LINE.match(text):
            kind = PassageKind.FURNITURE
            ended = body_seen and label in _TAIL_LABELS
        elif block.hint in (HINT_HEADING, HINT_TITLE) or _is_label(text):
            kind = PassageKind.FURNITURE
        elif not lead_done and not body_seen and _is_lead(block, interview, position < first_turn):
            kind = PassageKind.LEAD
            lead_done = True
        else:
            kind = PassageKind.BODY
            body_seen = lead_done = True
        kinds.append(kind)

    segments = tuple(Segment(kind, block.text) for kind, block in zip(kinds, blocks, strict=True))
    title = next((s.text for s in segments if s.kind == PassageKind.TITLE), "")
    if not title:
        title = _title_from_meta(meta.title, outlet) or _title_from_body(segments)
    attribution = " ".join(s.text for s in segments if s.kind == PassageKind.ATTRIBUTION)
    if not attribution and (author or outlet):
        attribution = ", ".join(part for part in (author, outlet) if part)
    return Segmentation(
        title=title,
        author=author,
        outlet=outlet,
        attribution=attribution,
        segments=segments,
        is_interview=interview,
    )


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
