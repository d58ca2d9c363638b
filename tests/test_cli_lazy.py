"""The root command group builds a command only when it is used, and still shows,
completes and suggests every command as if all were built."""

from __future__ import annotations

import importlib
import re

import pytest
import typer
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

from salesops_drill.cli import COMMANDS, app
from salesops_drill.cli.common import PANELS
from salesops_drill.cli.lazy import LazyCommands, Spec, build
from tests.helpers import run

try:
    import typer._click as click  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import click


def root() -> TyperGroup:
    return typer.main.get_command(app)  # type: ignore[return-value]


def command(name: str) -> TyperCommand:
    return TyperCommand(name=name, callback=lambda: None)


def test_a_command_builds_only_itself(drill_home, capsys):
    group = root()
    group.main(["roles", "list", "--json"], prog_name="drill", standalone_mode=False)
    assert group.commands.built() == ["roles"]
    assert '"id": "manager"' in capsys.readouterr().out


def test_listing_the_commands_builds_none():
    group = root()
    ctx = click.Context(group)
    assert group.list_commands(ctx) == list(COMMANDS)
    assert group.commands.built() == []


def test_help_lists_every_command_under_its_panel_in_order(drill_home):
    out = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "100"}).stdout
    shown: list[tuple[str, str]] = []  # (panel, command)
    panel = ""
    for line in out.splitlines():
        heading = re.match(r"╭─ (.+?) ─", line)
        if heading:
            panel = heading.group(1)
            continue
        entry = re.match(r"│ (\w+) ", line)
        if entry and panel in PANELS:
            shown.append((panel, entry.group(1)))
    assert shown == [(spec.panel, name) for name, spec in COMMANDS.items()]
    panels = [p for p, _ in shown]
    assert sorted(panels, key=PANELS.index) == panels  # panel by panel, in PANELS order


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_builds_with_its_name_panel_and_reflowed_help(name):
    command = root().commands[name]
    assert command.name == name
    assert command.rich_help_panel == COMMANDS[name].panel
    spec = COMMANDS[name]
    target = getattr(importlib.import_module(spec.module), spec.attribute)
    assert isinstance(command, TyperGroup) == isinstance(target, typer.Typer)
    assert command.help
    for paragraph in command.help.split("\n\n"):
        assert paragraph.startswith("\b") or "\n" not in paragraph


def test_a_mistyped_command_is_still_suggested(drill_home):
    result = run("rols", "list")
    assert result.exit_code == 2
    assert "Did you mean 'roles'?" in result.stderr


def test_completion_offers_every_command(drill_home):
    env = {"_DRILL_COMPLETE": "complete_bash", "COMP_WORDS": "drill ", "COMP_CWORD": "1"}
    result = CliRunner().invoke(app, [], env=env, prog_name="drill")
    assert result.stdout.split() == list(COMMANDS)


def test_the_lazy_table_behaves_as_a_mapping():
    specs = {"paths": Spec("salesops_drill.cli.paths", "paths", "Your data")}
    table = LazyCommands(specs)
    assert list(table) == ["paths"] and len(table) == 1 and "paths" in table
    assert table.built() == []
    assert table.get("nope") is None and "nope" not in table
    extra = command("extra")
    table["extra"] = extra
    assert list(table) == ["paths", "extra"] and len(table) == 2
    assert table["extra"] is extra and table.built() == ["extra"]
    assert table["paths"] is table["paths"]  # built once
    replaced = command("paths")
    table["paths"] = replaced
    assert table["paths"] is replaced and list(table) == ["paths", "extra"]
    del table["paths"]
    assert list(table) == ["extra"]
    with pytest.raises(KeyError):
        del table["paths"]
    assert build("paths", specs["paths"]).name == "paths"
