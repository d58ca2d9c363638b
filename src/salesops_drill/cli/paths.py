"""``drill paths``: where content, your banks and your progress live."""

from salesops_drill.cli.common import JsonFlag, say
from salesops_drill.cli.common import paths as resolve_paths


def paths(json: JsonFlag = False) -> None:
    """Show where content, your banks and your progress live.

    Set DRILL_HOME to keep everything somewhere else.

    Example: drill paths
    """
    from salesops_drill.paths import builtin_data_dir

    here = resolve_paths()
    rows = {
        "data_dir": str(here.data_dir),
        "builtin_content": str(builtin_data_dir()),
        "banks": str(here.banks_dir),
        "progress": str(here.progress_db),
    }
    if json:
        from salesops_drill.ui.console import print_json

        print_json(rows)
        return
    labels = {
        "data_dir": "Data dir",
        "builtin_content": "Built-in content",
        "banks": "Your banks (*.yaml)",
        "progress": "Progress store",
    }
    import sys

    from salesops_drill.ui.width import output_width

    width = max(len(v) for v in labels.values())
    lines = [f"{labels[key]:<{width}}  {value}" for key, value in rows.items()]
    if max(len(line) for line in lines) > output_width(sys.stdout):
        # Too narrow for label and path side by side: each path whole on its own line,
        # where it can be copied, rather than split by the terminal.
        lines = [f"{labels[key]}:\n  {value}" for key, value in rows.items()]
    for line in lines:
        say(line)
