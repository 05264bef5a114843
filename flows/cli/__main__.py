"""``python -m flows.cli``: the ``tocsin`` command."""

from flows.cli import main

main()
