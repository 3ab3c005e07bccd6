"""The post-processing stage: ReportLab's bytes + tag record + layout record -> a tagged
PDF/UA-1 and PDF/A-2a file (with page boxes for print when ``boxes`` is given)."""
from __future__ import annotations

import hashlib
import io

import pikepdf

from ..tagging import LayoutRecord, StructNode, TagRecord
from .boxes import PrintBoxes, write_boxes
from .images import embed_images
from .metadata import DocumentInfo, write_metadata
from .outline import write_outline
from .pdfa import make_pdfa
from .pdfx import make_pdfx
from .stream_ends import save_with_clean_stream_ends
from .structure import write_structure
from .tounicode import rewrite_tounicode


def finish(layout_pdf: bytes, root: StructNode, tags: TagRecord, placed: LayoutRecord,
           info: DocumentInfo, boxes: PrintBoxes | None = None, press=None) -> bytes:
    """``press`` (the edition's ``PrintSettings``, print outputs only): also PDF/X-4 in
    the printing condition's CMYK (``pdfx.py``), saved as PDF 1.6, the newest X-4 allows."""
    with pikepdf.open(io.BytesIO(layout_pdf)) as pdf:
        embed_images(pdf, placed.images)
        write_structure(pdf, root, tags)
        write_outline(pdf, placed.headings)
        write_metadata(pdf, info, hashlib.sha256(layout_pdf).digest())
        make_pdfa(pdf)
        if press is not None:
            make_pdfx(pdf, press)
        rewrite_tounicode(pdf)
        if boxes is not None:
            write_boxes(pdf, boxes)
        return save_with_clean_stream_ends(pdf, _save if press is None else _save_1_6)


def _save(pdf: pikepdf.Pdf, object_streams: bool = True, version: str = "1.7") -> bytes:
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    # fix_metadata_version off: pikepdf would otherwise re-serialise the XMP packet with its
    # own XML writer on every save (to update a pdf:PDFVersion the packet does not have), so
    # the packet's bytes would be lxml's, not the ones metadata.py builds.
    pdf.save(out, min_version=version, force_version=version if version != "1.7" else "",
             deterministic_id=True, compress_streams=True, object_stream_mode=mode,
             fix_metadata_version=False)
    return out.getvalue()


def _save_1_6(pdf: pikepdf.Pdf, object_streams: bool = True) -> bytes:
    return _save(pdf, object_streams, "1.6")
