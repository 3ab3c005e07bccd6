"""Post-processing with pikepdf: one module per PDF concern (structure, metadata, outline)."""
