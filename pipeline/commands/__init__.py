"""The subcommands of the `pipeline` command line, one module each, named after the command:
build, validate, check, tags, review, hyphenate (``pipeline/cli.py`` lists them in one table).

Each module exposes ``add_arguments(parser)`` and ``run(args) -> int``. The modules of
``pipeline check``, ``tags`` and ``review`` import the checker and the review tools only,
never the writer (layout, tagging, pdf), so checking a PDF does not load ReportLab.
"""
