"""Sub-commands of the ``sreplan`` command line, one module per feature.

Each module exposes ``register(subparsers)``, adding its sub-commands with
``set_defaults(run=...)``; a ``run`` takes the parsed arguments and returns an
exit code. User errors raise :class:`sreplan.commands.common.UserError` and
become one line on stderr with exit code 2.
"""
