"""Commands built when used: ``drill roles list`` imports and builds ``roles`` alone.

Typer builds the click command of every command and group before it parses the command
line, reading each function's signature; with drill's 16 commands and groups that, and
importing their modules, was about 8 ms of every run. Here the root group's command
table holds every name from the start (help, completion and "did you mean" see them
all) and builds a command the first time it is looked up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import NamedTuple

import typer

try:  # typer >= 0.20 vendors click
    import typer._click as click  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import click


class Spec(NamedTuple):
    """Where a command is defined: ``module.attribute``, a function (one command) or a
    ``typer.Typer`` (a group of them), and the help panel it is listed under."""

    module: str
    attribute: str
    panel: str


def build(name: str, spec: Spec) -> click.Command:
    """The click command typer would have built for ``spec`` had it been added to the
    root app under ``name``: it is added to an app of its own, built the same way."""
    target = getattr(importlib.import_module(spec.module), spec.attribute)
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name, rich_help_panel=spec.panel)
    else:
        holder.command(name, rich_help_panel=spec.panel)(target)
    return typer.main.get_group(holder).commands[name]


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's command table whose entries are built on first lookup, in the order
    the specs were given. Commands added later (click's ``add_command``) are kept as
    given."""

    def __init__(
        self,
        specs: dict[str, Spec],
        on_build: Callable[[click.Command], None] | None = None,
    ) -> None:
        self._specs = dict(specs)
        self._built: dict[str, click.Command] = {}
        self._on_build = on_build

    def __getitem__(self, name: str) -> click.Command:
        command = self._built.get(name)
        if command is None:
            command = build(name, self._specs[name])  # KeyError for an unknown name
            if self._on_build is not None:
                self._on_build(command)
            self._built[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        found = self._specs.pop(name, None) is not None
        found = self._built.pop(name, None) is not None or found
        if not found:
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        yield from self._specs
        yield from (name for name in self._built if name not in self._specs)

    def __len__(self) -> int:
        return len(self._specs) + sum(1 for name in self._built if name not in self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs or name in self._built

    def built(self) -> list[str]:
        """The names built so far (for tests: a command builds only what it runs)."""
        return list(self._built)
