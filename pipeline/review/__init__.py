"""Review tools: what a screen reader will get from a tagged PDF, at a glance.

``pipeline tags FILE.pdf [--text]`` prints the structure tree or the reading text;
``pipeline review FILE.pdf -o report.html`` writes a self-contained HTML page with
the checker's findings and each page overlaid with its structure elements.

Public functions (for tests against built editions):

- ``structure.read_structure(path) -> ElementView``: the tree (synthetic root
  "StructTreeRoot" whose children are the top-level elements);
  ``ElementView`` has type, std_type, lang, alt, actual_text, expansion, text,
  pages, children, kids, path, number, bbox_by_page().
- ``structure.reading_text(path) -> str``: the text a screen reader reads.
- ``structure.load_document(path) -> TaggedDocument``: tree plus page geometry,
  artifact and untagged areas.
- ``readout.format_outline(root) -> str``: the outline ``pipeline tags`` prints.
- ``pipeline.commands.review.write_review(path, output, scale=1.25, check=True) -> Path``.
- ``tests/fixtures/sample_pdf.py``'s ``build_sample(path)``: a hand-made tagged PDF with every
  feature, and ``EXPECTED_TEXT``, its reading text.

Errors: ``structure.NoStructureTree`` (exit 1), ``structure.UnreadablePDF`` (exit 2).

Reading the file is pipeline.pdfread's (the checker's reader too): its structure tree,
and pagetext (text and boxes per MCID). Modules: structure (the tree as the review shows
it), readout (reading text, outline), announce (what a screen reader says),
render (page images, coordinates), html (the review page); the commands ``pipeline tags``
and ``pipeline review`` are ``pipeline/commands/tags.py`` and ``review.py``.
"""
