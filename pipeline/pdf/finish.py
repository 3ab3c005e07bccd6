"""The post-processing stage: ReportLab's bytes + tag record -> a tagged PDF/UA-1 file."""
from __future__ import annotations

import hashlib
import io

import pikepdf

from ..tagging import StructNode, TagRecord
from .metadata import DocumentInfo, write_metadata
from .outline import write_outline
from .structure import write_structure


def finish(layout_pdf: bytes, root: StructNode, record: TagRecord, info: DocumentInfo) -> bytes:
    with pikepdf.open(io.BytesIO(layout_pdf)) as pdf:
        write_structure(pdf, root, record)
        write_outline(pdf, record.headings)
        write_metadata(pdf, info, hashlib.sha256(layout_pdf).digest())
        out = io.BytesIO()
        pdf.save(out, min_version="1.7", deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
