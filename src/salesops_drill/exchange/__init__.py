"""Moving content and progress between drill and the tools users already have.

``anki`` writes an Anki package; ``csv_export`` writes spreadsheet-friendly CSV, and
``csvbank`` imports it (``csv_rows`` reads the rows); ``backup`` copies the progress
store safely. Pure core: no terminal, no typer or rich.
"""
