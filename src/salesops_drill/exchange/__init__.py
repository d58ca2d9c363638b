"""Moving content and progress between drill and the tools users already have.

``anki`` writes an Anki package, ``csvbank`` reads and writes spreadsheet-friendly CSV,
``backup`` copies the progress store safely. Pure core: no terminal, no typer or rich.
"""
