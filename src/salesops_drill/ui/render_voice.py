"""Rich renderables for spoken answers: the transcript and delivery feedback."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import TitledPanel
from salesops_drill.ui.render_interview import clock_text
from salesops_drill.voice.answers import RECORDINGS_DIR
from salesops_drill.voice.delivery import FILLERS, PACE_RANGE, Delivery, tips
from salesops_drill.wording import plural


def transcript_view(delivery: Delivery, source: str | None = None) -> RenderableType:
    """What the speech recogniser heard: the text that was graded."""
    title = "What you said" + (f" ({source})" if source else "")
    body = (
        lit(delivery.transcript)
        if delivery.transcript
        else Text("No speech heard: scored as a blank answer.", style="yellow")
    )
    return TitledPanel(body, lit(title))


def pace_text(delivery: Delivery) -> Text:
    low, high = PACE_RANGE
    if delivery.wpm is None:
        return Text(f"too little speech to measure ({delivery.words} words)")
    style = "" if delivery.pace == "comfortable" else "yellow"
    text = Text(f"{delivery.wpm:.0f} words per minute ", style=style)
    text.append(f"({delivery.pace}: aim for {low}-{high})")
    return text


def fillers_text(delivery: Delivery) -> Text:
    if not delivery.filler_count:
        return Text(f"none of {', '.join(FILLERS)}")
    listed = ", ".join(f"{w} ×{n}" for w, n in delivery.fillers.items())
    return Text(f"{delivery.filler_count} ({listed})")


def pauses_text(delivery: Delivery) -> Text:
    if not delivery.pauses:
        return Text("no long pauses")
    n = len(delivery.pauses)
    text = Text(plural(n, "long pause") + ": ")
    text.append(
        ", ".join(f"{p.length:.1f} s at {clock_text(p.start)}" for p in delivery.pauses[:6])
    )
    if n > 6:
        text.append(", …")
    return text


def delivery_view(delivery: Delivery, data_dir: Path | None = None) -> RenderableType:
    """Pace, fillers and long pauses, with a tip for each habit worth changing."""
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")  # a recording's path longer than the line folds, never "…"
    rows.add_row("Pace", pace_text(delivery))
    rows.add_row("Fillers", fillers_text(delivery))
    rows.add_row("Pauses", pauses_text(delivery))
    rows.add_row(
        "Spoken", f"{clock_text(delivery.speaking_time)} of speech, {delivery.words} words"
    )
    if delivery.audio_file:
        where = (
            str(data_dir / RECORDINGS_DIR / delivery.audio_file)
            if data_dir
            else f"{RECORDINGS_DIR}/{delivery.audio_file} in the data folder ('drill paths')"
        )
        rows.add_row("Recording", lit(where))
    advice = tips(delivery)
    if advice:
        rows.add_row("Tips", Text("\n".join(f"→ {tip}" for tip in advice)))
    return Panel(Group(rows), title="Delivery", title_align="left", box=box.ROUNDED)
