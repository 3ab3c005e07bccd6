"""Review tools: what a screen reader will get from a tagged PDF, at a glance.

``pipeline tags`` prints the structure tree or the reading text;
``pipeline review`` writes a self-contained HTML page with the checker's
findings and each page overlaid with its structure elements.
"""
