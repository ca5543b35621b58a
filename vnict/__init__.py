"""The command line: ``vnict <command>`` (console script) or ``python -m vnict <command>``.

It is the top of the import layers: each command composes the stages (``scrapers``,
``extraction``, ``warehouse``) and nothing below imports it. One module per command in
``vnict/commands/``.
"""
