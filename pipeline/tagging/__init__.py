"""Tagging beside layout: a static structure tree built from the document model, and a
per-pass record of which marked content and annotations each element owns.

Layout flowables draw through :class:`TaggedCanvas`, which wraps every painted object in
marked content (an element's MCID or an /Artifact) and writes into a :class:`TagRecord`;
what the layout places besides (outline headings, destinations, images) goes into a
:class:`LayoutRecord`.
The PDF stage (``pipeline.pdf``) turns tree + record into the StructTreeRoot once, at the end.
"""
from .canvas import ARTIFACT, TaggedCanvas
from .record import FIRST_ANNOTATION_KEY, AnnotationRef, LayoutRecord, MarkedContent, TagRecord
from .tree import StructNode

__all__ = ["StructNode", "TagRecord", "LayoutRecord", "MarkedContent", "AnnotationRef", "TaggedCanvas",
           "ARTIFACT", "FIRST_ANNOTATION_KEY"]
