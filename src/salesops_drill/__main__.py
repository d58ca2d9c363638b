"""Allow ``python -m salesops_drill``."""

from salesops_drill.launcher import main

main()
