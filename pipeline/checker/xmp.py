"""The checker's one XMP reader: a metadata stream parsed once, safely, into a small tree
that the PDF/UA rules (``metadata``), the PDF/A rules (``pdfa_xmp``, ``pdfa_xmp_types``)
and the PDF/X rules read.

The packet is parsed by expat without its namespace processing, and namespaces are
resolved here, so each element and attribute keeps the prefix it was written with (PDF/UA-1
and PDF/A-2 require particular prefixes) besides its namespace. Resolution follows
Namespaces in XML 1.0: an unprefixed element is in the default namespace, an unprefixed
attribute in none, ``xml:`` is always the XML namespace.

Safety: a packet larger than ``MAX_BYTES`` or nested deeper than ``MAX_DEPTH`` is refused,
and so is any document type declaration, so no entity is ever defined, let alone expanded
(an undefined entity reference is an expat error). Refusals are ``XmpError`` (a
``ValueError``); XML that is not well-formed raises ``expat.ExpatError``; a prefix that is
not bound is noted in ``Packet.unbound`` (the PDF/A rules count it as not well-formed, as a
namespace-aware parser would; the PDF/UA rules read on).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 400


class XmpError(ValueError):
    """A packet the reader refuses to parse (too large, too deep, a DTD)."""


@dataclass
class Attribute:
    ns: str
    name: str
    prefix: str
    value: str


@dataclass
class Element:
    """An XML element with its namespace, local name and the prefix it was written with."""

    ns: str
    name: str
    prefix: str
    attributes: list[Attribute] = field(default_factory=list)  # without xmlns declarations
    children: list[Element] = field(default_factory=list)
    text: str = ""  # character data before the first child (ElementTree's ``text``)
    content: str = ""  # all character data directly inside, between the children too

    def is_(self, ns: str, name: str) -> bool:
        return self.ns == ns and self.name == name

    def get(self, ns: str, name: str, default: str | None = None) -> str | None:
        """The value of the attribute ``name`` of namespace ``ns`` ("" for none)."""
        for attr in self.attributes:
            if attr.ns == ns and attr.name == name:
                return attr.value
        return default

    @property
    def lang(self) -> str | None:
        return self.get(XML, "lang")

    def child(self, ns: str, name: str) -> Element | None:
        """The first child element ``name`` of namespace ``ns``."""
        return next((c for c in self.children if c.is_(ns, name)), None)

    def children_named(self, ns: str, name: str) -> list[Element]:
        return [c for c in self.children if c.is_(ns, name)]

    def iter(self) -> Iterator[Element]:
        """This element and all below it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))


@dataclass
class Packet:
    """A parsed XMP packet."""

    root: Element
    prefixes: dict[str, set[str]] = field(default_factory=dict)  # namespace -> prefixes bound to it
    unbound: list[str] = field(default_factory=list)  # prefixes used without a declaration

    def descriptions(self) -> list[Element]:
        """The rdf:Description elements of the rdf:RDF element (the root or its child)."""
        rdf = self.root if self.root.is_(RDF, "RDF") else self.root.child(RDF, "RDF")
        if rdf is None:
            raise XmpError("no rdf:RDF element")
        return rdf.children_named(RDF, "Description")


def parse_packet(data: bytes) -> Packet:
    """Parse one XMP packet (a metadata stream's bytes)."""
    if len(data) > MAX_BYTES:
        raise XmpError(f"the XMP packet has {len(data):,} bytes, more than the {MAX_BYTES:,} read")
    parser = expat.ParserCreate()
    scopes: list[dict[str, str]] = [{"xml": XML}]
    stack: list[Element] = []
    segments: list[list[str]] = []  # per open element: its direct character data, in pieces
    prefixes: dict[str, set[str]] = {}
    unbound: list[str] = []
    done: list[Element] = []

    def resolve(qname: str, attribute: bool) -> tuple[str, str, str]:
        prefix, _, local = qname.rpartition(":")
        if not prefix and attribute:
            return "", local, ""
        for scope in reversed(scopes):
            if prefix in scope:
                return scope[prefix], local, prefix
        if prefix:
            unbound.append(prefix)
        return "", local, prefix

    def start(qname: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise XmpError(f"the XMP packet is nested more than {MAX_DEPTH} elements deep")
        scope: dict[str, str] = {}
        for key, value in attrs.items():
            if key == "xmlns" or key.startswith("xmlns:"):
                prefix = key[6:]
                scope[prefix] = value
                prefixes.setdefault(value, set()).add(prefix)
        scopes.append(scope)
        element = Element(*resolve(qname, False))
        element.attributes = [Attribute(*resolve(k, True), v) for k, v in attrs.items()
                              if k != "xmlns" and not k.startswith("xmlns:")]
        if stack:
            if not stack[-1].children:
                stack[-1].text = "".join(segments[-1])
            stack[-1].children.append(element)
        stack.append(element)
        segments.append([])

    def end(_qname: str) -> None:
        element = stack.pop()
        element.content = "".join(segments.pop())
        if not element.children:
            element.text = element.content
        scopes.pop()
        if not stack:
            done.append(element)

    def characters(text: str) -> None:
        if segments:
            segments[-1].append(text)

    def refuse_dtd(*_args: object) -> None:
        raise XmpError("the XMP packet has a document type declaration (not read: it could define entities)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.Parse(data, True)
    if not done:  # expat reports a document without an element itself; this is a guard
        raise XmpError("the XMP packet has no element")
    return Packet(done[0], prefixes, unbound)
