"""Cut course content into translation units, and put translated units back.

A unit is what a translator sees as one catalog entry:
- Markdown: a heading, a paragraph, a list item, a blockquote paragraph or a table row
  (its cells joined by ``|``). Hard-wrapped lines of one unit are joined by spaces; the
  translation is written on one line. Fenced code blocks, blank lines and table rulers
  stay as they are, and so does a unit with no words outside code spans and links.
- Python code cells: the text of a string literal passed to ``print``, to a plot title or
  axis label, or as a ``title=``/``label=``/``xlabel=``/``ylabel=`` argument; and the text
  of a ``#`` comment (nbgrader markers such as ``### BEGIN SOLUTION`` excepted). Code,
  names and XML are never units.

``split_markdown``/``split_code`` return parts: plain strings are kept, :class:`Unit`
items are translated; ``join`` puts the parts back together with a translation function.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Callable, Union

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6}\s+)(.*?)\s*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])(\s+)(.*)$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULER = re.compile(r"^\s*\|[\s|:-]+\|\s*$")
QUOTE = re.compile(r"^(\s*>\s?)(.*)$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"<?https?://[^\s>)]+>?")
WORD = re.compile(r"[A-Za-z]{2,}")

# Calls whose string arguments a learner reads, and keyword arguments that hold labels.
SHOWN_BY = {"print", "title", "suptitle", "set_title", "xlabel", "ylabel", "set_xlabel",
            "set_ylabel", "text", "annotate", "Markdown"}
LABEL_KEYWORDS = {"title", "label", "xlabel", "ylabel", "description", "placeholder"}
# Comments that are instructions to nbgrader or to linters, not to people.
MACHINE_COMMENT = re.compile(r"^#\s*(#|YOUR CODE HERE|noqa|type:|pragma|fmt:)", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    text: str          # the English text, the catalog's msgid
    kind: str          # heading, paragraph, list item, table row, quote, string, comment
    line: int          # 1-based line in the cell or file where the unit starts
    quote: str = ""    # for a string literal: its quote characters, which a translation must not contain


Part = Union[str, Unit]


def has_words(text: str) -> bool:
    """True when ``text`` has a word outside code spans, link targets and URLs."""
    bare = URL.sub(" ", LINK_TARGET.sub("]", CODE_SPAN.sub(" ", text)))
    return bool(WORD.search(bare))


def _unit(parts: list[Part], prefix: str, text: str, kind: str, line: int, suffix: str = "\n") -> None:
    if has_words(text):
        parts += [prefix, Unit(text, kind, line), suffix]
    else:
        parts.append(prefix + text + suffix)


def split_markdown(text: str) -> list[Part]:
    lines = text.split("\n")
    parts: list[Part] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        fence = FENCE.match(line)
        if fence:
            end = i + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group(2)):
                end += 1
            parts.append("\n".join(lines[i:end + 1]) + "\n")
            i = end + 1
            continue
        if not line.strip():
            parts.append(line + "\n")
            i += 1
            continue
        heading = HEADING.match(line)
        if heading:
            _unit(parts, heading.group(1), heading.group(2), "heading", number)
            i += 1
            continue
        if TABLE_ROW.match(line):
            if TABLE_RULER.match(line):
                parts.append(line + "\n")
            else:
                indent, body = re.match(r"^(\s*\|\s*)(.*?)(\s*\|\s*)$", line).group(1, 2)
                _unit(parts, indent, body, "table row", number, " |\n")
            i += 1
            continue
        quote = QUOTE.match(line)
        item = ITEM.match(line)
        body, prefix, kind = [], "", "paragraph"
        if quote:
            prefix, kind = quote.group(1), "quote"
            body.append(quote.group(2))
        elif item:
            prefix, kind = item.group(1) + item.group(2) + item.group(3), "list item"
            body.append(item.group(4))
        else:
            body.append(line.strip())
        i += 1
        # Continuation lines: until a blank line or the start of another block.
        while i < len(lines) and lines[i].strip():
            nxt = lines[i]
            if FENCE.match(nxt) or HEADING.match(nxt) or TABLE_ROW.match(nxt) or ITEM.match(nxt):
                break
            if quote:
                inner = QUOTE.match(nxt)
                if not inner:
                    break
                body.append(inner.group(2))
            else:
                if QUOTE.match(nxt):
                    break
                body.append(nxt.strip())
            i += 1
        _unit(parts, prefix, " ".join(b.strip() for b in body), kind, number)
    # The text had no final newline if its last line was not empty.
    if parts and not text.endswith("\n"):
        last = parts[-1]
        if isinstance(last, str) and last.endswith("\n"):
            parts[-1] = last[:-1]
    return parts


def _offsets(source: str) -> list[int]:
    """Character offset of the start of each line (1-based lines map to index line-1)."""
    starts, total = [], 0
    for line in source.splitlines(keepends=True):
        starts.append(total)
        total += len(line)
    starts.append(total)
    return starts


def _char_col(source_lines: list[str], line: int, byte_col: int) -> int:
    return len(source_lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _shown_strings(tree: ast.AST) -> list[ast.AST]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        values = list(node.args) if _call_name(node) in SHOWN_BY else []
        values += [k.value for k in node.keywords if k.arg in LABEL_KEYWORDS]
        found += [v for v in values if isinstance(v, (ast.Constant, ast.JoinedStr))
                  and (not isinstance(v, ast.Constant) or isinstance(v.value, str))]
    return found


def _prose_of_comment(comment: str) -> str:
    """The words of a ``#`` comment; for commented-out code (``# ex.hint()``), only the
    comment that follows the code, if any."""
    text = comment[1:].strip()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return text
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, (ast.Name, ast.Constant)):
        return text          # a single word is prose: "# optional"
    nested = [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT]
    return _prose_of_comment(nested[0]) if nested else ""


def split_code(source: str) -> list[Part]:
    """Parts of a Python cell; a cell that is not plain Python (magics) is kept whole."""
    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, tokenize.TokenError, IndentationError):
        return [source]
    lines = source.splitlines(keepends=True)
    starts = _offsets(source)
    spans = []   # (start, end, Unit) in characters
    for node in _shown_strings(tree):
        start = starts[node.lineno - 1] + _char_col(lines, node.lineno, node.col_offset)
        end = starts[node.end_lineno - 1] + _char_col(lines, node.end_lineno, node.end_col_offset)
        literal = source[start:end]
        match = re.fullmatch(r"([rRbBuUfF]{0,2})('''|\"\"\"|'|\")(.*)\2", literal, re.S)
        if not match or "b" in match.group(1).lower() or not has_words(match.group(3)):
            continue
        inner_start = start + len(match.group(1)) + len(match.group(2))
        spans.append((inner_start, inner_start + len(match.group(3)),
                      Unit(match.group(3), "string", node.lineno, quote=match.group(2))))
    for token in tokens:
        if token.type == tokenize.COMMENT and not MACHINE_COMMENT.match(token.string):
            prose = _prose_of_comment(token.string)
            if prose and has_words(prose):
                start = starts[token.start[0] - 1] + token.start[1] + token.string.rindex(prose)
                spans.append((start, start + len(prose), Unit(prose, "comment", token.start[0])))
    parts: list[Part] = []
    position = 0
    for start, end, unit in sorted(spans, key=lambda s: s[0]):
        if start < position:     # nested (a call inside an f-string): keep the outer one
            continue
        parts += [source[position:start], unit]
        position = end
    parts.append(source[position:])
    return [p for p in parts if p != ""]


def units(parts: list[Part]) -> list[Unit]:
    return [p for p in parts if isinstance(p, Unit)]


def join(parts: list[Part], translate: Callable[[Unit], str]) -> str:
    return "".join(p if isinstance(p, str) else translate(p) for p in parts)
