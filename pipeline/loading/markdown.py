"""Markdown body -> model blocks, with markdown-it-py and mdit-py-plugins.

Supported: ``##``/``###`` headings, paragraphs, emphasis, links, footnotes, bulleted
and numbered lists, pipe tables, block quotes (``{.pullquote}`` before one makes a pull
quote), inline language spans ``[text]{lang=en}`` and figures as fenced ``figure``
blocks holding YAML (src, alt, caption, credit).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .. import model as m
from . import schema
from .images import check_image_path
from .langtags import tag_problem
from .problems import Problems
from .yamlload import LineDict, YamlProblem, load_yaml

_CAPTION = re.compile(r"^Table:[ \t]*")
_TABLE_CLASSES = ("row-headers",)
_LEFTOVER = re.compile(r"\[\^[^\]\s]+\]|\]\{[^}]*\}")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return (MarkdownIt("commonmark").enable("table").use(footnote_plugin)
            .use(attrs_plugin, spans=True).use(attrs_block_plugin))


class _Reader:
    def __init__(self, file: Path, line_offset: int | None, root: Path, languages: set[str],
                 doc_lang: str, problems: Problems):
        # line_offset: the line the text starts after in its file (None: not known)
        self.file, self.offset, self.root = file, line_offset or 0, root
        self.languages, self.doc_lang, self.problems = languages, doc_lang, problems
        self.note_numbers: dict[int, int] = {}
        self.notes: list[m.Note] = []
        self.last_heading = 1

    def line(self, token: Token) -> int:
        return (token.map[0] + 1 + self.offset) if token.map else 0

    def error(self, message: str, line: int | None) -> None:
        self.problems.add(self.file, message, line or None)

    def line_within(self, token: Token, needle: str) -> int:
        """The line of ``needle`` inside a multi-line paragraph (inline tokens have no map)."""
        line = self.line(token)
        at = token.content.find(needle) if needle else -1
        return line + token.content[:at].count("\n") if at >= 0 and line else line

    # -- inline ------------------------------------------------------------
    def inlines(self, token: Token) -> list[m.Inline]:
        line = self.line(token)
        root: list[m.Inline] = []
        stack: list[list[m.Inline]] = [root]
        for t in token.children or []:
            kind = t.type
            if kind == "text":
                leftover = _LEFTOVER.search(t.content)
                if leftover:
                    self.error(f"unresolved markup {leftover.group(0)!r} (a footnote without "
                               "definition or a malformed {attribute})",
                               self.line_within(token, leftover.group(0)))
                stack[-1].append(m.Text(t.content))
            elif kind in ("softbreak", "hardbreak"):
                stack[-1].append(m.Text(" "))
            elif kind == "code_inline":
                stack[-1].append(m.Text(t.content))
            elif kind in ("em_open", "strong_open"):
                styled = m.Styled(kind[:-5], [])
                stack[-1].append(styled)
                stack.append(styled.children)
            elif kind == "span_open":
                lang = (t.attrs or {}).get("lang")
                problem = tag_problem(str(lang)) if lang else None
                if not lang:
                    self.error("a [span]{...} needs a lang attribute, e.g. {lang=en}", line)
                elif problem:
                    self.error(f"span language: {problem}", self.line_within(token, f"lang={lang}"))
                span = m.LangSpan(str(lang or self.doc_lang), [])
                stack[-1].append(span)
                stack.append(span.children)
            elif kind == "link_open":
                href = str((t.attrs or {}).get("href", ""))
                if not re.match(r"^(https?|mailto):", href):
                    self.error(f"link target {href!r} is not an absolute http(s) or mailto address",
                               self.line_within(token, href))
                link = m.Link(href, [])
                stack[-1].append(link)
                stack.append(link.children)
            elif kind in ("em_close", "strong_close", "span_close", "link_close"):
                if len(stack) > 1:
                    stack.pop()
            elif kind == "footnote_ref":
                ident = t.meta["id"]
                number = self.note_numbers.setdefault(ident, len(self.note_numbers) + 1)
                stack[-1].append(m.NoteRef(number))
            elif kind == "image":
                self.error("images must be figure blocks (```figure with src, alt, caption, credit)", line)
            elif kind == "html_inline":
                self.error(f"raw HTML is not allowed: {t.content!r}", self.line_within(token, t.content))
            else:
                self.error(f"unsupported inline markup {kind!r}", line)
        return _merge(root)

    # -- blocks ------------------------------------------------------------
    def blocks(self, tokens: list[Token]) -> list[m.Block]:
        out: list[m.Block] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            line = self.line(t)
            if kind == "heading_open":
                level = int(t.tag[1])
                if level not in (2, 3):
                    self.error(f"heading level {level} is not allowed in a body (use ## and ###; "
                               "the title comes from the front matter)", line)
                elif level > self.last_heading + 1:
                    self.error(f"heading level {level} skips level {self.last_heading + 1}", line)
                self.last_heading = level
                out.append(m.Heading(level, self.inlines(tokens[i + 1]), line))
                i += 3
            elif kind == "paragraph_open" and _CAPTION.match(tokens[i + 1].content):
                # "Table: caption" directly before a table is that table's caption
                if i + 3 < len(tokens) and tokens[i + 3].type == "table_open":
                    end = _closing(tokens, i + 3)
                    table = self.table(tokens[i + 3:end + 1], self.line(tokens[i + 3]))
                    table.caption = self.caption(tokens[i + 1])
                    out.append(table)
                    i = end + 1
                else:
                    self.error("a 'Table:' caption must stand directly before its table "
                               "(one blank line between)", line)
                    i += 3
            elif kind == "paragraph_open":
                out.append(m.Paragraph(self.inlines(tokens[i + 1]), line))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                end = _closing(tokens, i)
                out.append(self.list_block(tokens[i:end + 1], line))
                i = end + 1
            elif kind == "table_open":
                end = _closing(tokens, i)
                out.append(self.table(tokens[i:end + 1], line))
                i = end + 1
            elif kind == "blockquote_open":
                end = _closing(tokens, i)
                pull = "pullquote" in str((t.attrs or {}).get("class", "")).split()
                paras = [self.inlines(x) for x in tokens[i + 1:end] if x.type == "inline"]
                if any(x.type not in ("paragraph_open", "paragraph_close", "inline")
                       for x in tokens[i + 1:end]):
                    self.error("a block quote may hold paragraphs only", line)
                out.append(m.Quote(paras, pull, line))
                i = end + 1
            elif kind == "fence" and t.info.strip() == "figure":
                fig = self.figure(t, line)
                if fig:
                    out.append(fig)
                i += 1
            elif kind == "footnote_block_open":
                end = _closing(tokens, i)
                self.footnotes(tokens[i + 1:end])
                i = end + 1
            else:
                what = {"fence": "code block", "code_block": "code block", "hr": "horizontal rule",
                        "html_block": "raw HTML block"}.get(kind, kind)
                self.error(f"{what} is not supported here", line)
                i = _closing(tokens, i) + 1 if kind.endswith("_open") else i + 1
        return out

    def list_block(self, tokens: list[Token], line: int) -> m.ListBlock:
        ordered = tokens[0].type == "ordered_list_open"
        start = int((tokens[0].attrs or {}).get("start", 1))
        items: list[list[m.Inline]] = []
        depth = 0
        for t in tokens[1:-1]:
            if t.type in ("bullet_list_open", "ordered_list_open"):
                self.error("nested lists are not supported", self.line(t))
            if t.type == "list_item_open":
                depth += 1
                items.append([])
            elif t.type == "inline" and items:
                if items[-1]:
                    self.error("a list item may hold one paragraph only", self.line(t))
                    items[-1].append(m.Text(" "))
                items[-1].extend(self.inlines(t))
        return m.ListBlock(ordered, items, start, line)

    def table(self, tokens: list[Token], line: int) -> m.Table:
        header: list[list[m.Inline]] = []
        rows: list[list[list[m.Inline]]] = []
        align: list[str | None] = []
        in_head = False
        for t in tokens:
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open" and not in_head:
                rows.append([])
            elif t.type == "inline":
                (header if in_head else rows[-1]).append(self.inlines(t))
            if t.type == "th_open":
                style = str((t.attrs or {}).get("style", ""))
                align.append(style.removeprefix("text-align:") or None)
        if not header or not any(plain for plain in (m.plain_text(h).strip() for h in header)):
            self.error("a table needs a header row", line)
        classes = str((tokens[0].attrs or {}).get("class", "")).split()
        for name in classes:
            if name not in _TABLE_CLASSES:
                self.error(f"unknown table class {{.{name}}} (known: "
                           f"{', '.join('.' + c for c in _TABLE_CLASSES)})", line - 1)
        return m.Table(header, rows, line, align=align, row_headers="row-headers" in classes)

    def caption(self, token: Token) -> list[m.Inline]:
        """The inlines of a "Table: ..." paragraph without its "Table:" label."""
        inlines = self.inlines(token)
        if inlines and isinstance(inlines[0], m.Text):
            rest = _CAPTION.sub("", inlines[0].text, count=1)
            inlines = ([m.Text(rest)] if rest else []) + inlines[1:]
        if not m.plain_text(inlines).strip():
            self.error("a 'Table:' caption needs a text", self.line(token))
        return inlines

    def figure(self, token: Token, line: int) -> m.Figure | None:
        try:
            data = load_yaml(token.content, line)
        except YamlProblem as exc:
            self.error(f"figure block is not valid YAML: {exc.message.removeprefix('invalid YAML: ')}",
                       exc.line)
            return None
        checked = schema.check(data, schema.FIGURE, self.file, self.problems, line=line, path="figure")
        if not checked.complete:
            return None
        fig = checked.data
        src_line = data.line_of("src") if isinstance(data, LineDict) else line
        src = check_image_path(self.root, fig["src"], self.file, src_line, self.problems)
        if src is None:
            return None
        return m.Figure(src, fig["alt"], fig["caption"], fig["credit"], line)

    def footnotes(self, tokens: list[Token]) -> None:
        current: int | None = None
        texts: dict[int, list[m.Inline]] = {}
        for t in tokens:
            if t.type == "footnote_open":
                current = t.meta["id"]
                texts[current] = []
            elif t.type == "inline" and current is not None:
                if texts[current]:
                    texts[current].append(m.Text(" "))
                texts[current].extend(self.inlines(t))
        for ident, inl in texts.items():
            if ident not in self.note_numbers:
                self.error(f"footnote [^{ident + 1}] is defined but never referenced", None)
                continue
            self.notes.append(m.Note(self.note_numbers[ident], inl))
        self.notes.sort(key=lambda n: n.number)


def _merge(items: list[m.Inline]) -> list[m.Inline]:
    """Join neighbouring text runs."""
    out: list[m.Inline] = []
    for item in items:
        if isinstance(item, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + item.text)
        else:
            out.append(item)
    return out


def _closing(tokens: list[Token], i: int) -> int:
    """Index of the token closing the one at ``i`` (same nesting level)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def parse_body(text: str, file: Path, line_offset: int | None, root: Path, languages: set[str],
               doc_lang: str, problems: Problems) -> tuple[list[m.Block], list[m.Note]]:
    reader = _Reader(file, line_offset, root, languages, doc_lang, problems)
    blocks = reader.blocks(parser().parse(text))
    for number in reader.note_numbers.values():
        if number not in {n.number for n in reader.notes}:
            problems.add(file, f"footnote {number} is referenced but has no text")
    return blocks, reader.notes
