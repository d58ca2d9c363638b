"""The console-script entry point, kept tiny so ``drill --version`` is instant.

Everything else goes through the typer app in :mod:`salesops_drill.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from salesops_drill import __version__

        sys.stdout.write(f"salesops-drill {__version__}\n")
        return
    from salesops_drill.gcpause import paused

    # Importing typer, click and drill's commands makes tens of thousands of objects
    # that live as long as the process; collecting cycles among them found none and
    # cost about a fifth of the start-up (see gcpause).
    with paused():
        from salesops_drill.cli import main as cli_main

    cli_main()
