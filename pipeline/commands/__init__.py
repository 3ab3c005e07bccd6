"""Subcommands of the `pipeline` command line that build and validate editions."""
