"""Reading tagged PDFs: the one reader the checker (``pipeline.checker``) and the review
tools (``pipeline.review``) share, so the two never disagree about what a file says.

    opening        open a file, or one line saying why it cannot be read
    objects        PDF objects as the format defines them: inherited keys, text strings, names
    contentstream  content streams, instruction by instruction (a streaming tokenizer)
    resources      what a content stream's operands name: fonts, XObjects, marked-content properties
    structure      the structure tree: elements, role maps, marked-content and object references
    cmap           CMaps (encoding and ToUnicode) as the definitions they hold
    glyphnames     glyph names to Unicode (fontTools' Adobe Glyph List), the standard encodings
    fonts          a font dictionary as a decoder: shown bytes to text and widths
    pagetext       a page's text and boxes per marked-content sequence

Nothing here imports the writer (``pipeline.layout``, ``pipeline.tagging``, ``pipeline.pdf``)
nor its two users; ``tests/test_pdfread_boundaries.py`` keeps it so.
"""
