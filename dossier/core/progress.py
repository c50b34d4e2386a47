"""How a build tells what it is doing: one line per stage, its count and its time.

The build opens a stage for each step (`with progress.stage("reading seeds", total) as step:`,
then `step.advance()` per item). `Progress` only times the stages, for the summary; `Lines`
prints one plain line as each stage ends (CI logs, pipes, a file); `Live` draws every stage on
a terminal with rich, its count and elapsed time updated as it runs. Stages may overlap:
entity recognition runs in another process while the site renders.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Stage:
    """One step of the build: counted as it advances, timed from its start to `finish`."""

    def __init__(self, progress: Progress, label: str, total: int | None):
        self.progress, self.label, self.total = progress, label, total
        self.count = 0
        self.started = time.perf_counter()
        self.seconds: float | None = None
        self.note = ""

    def advance(self, count: int = 1) -> None:
        """`count` more items done."""
        self.count += count
        self.progress._advanced(self)

    def finish(self, note: str = "") -> None:
        """The stage is over; `note` says what it did when its count does not (e.g. "nothing to do")."""
        if self.seconds is None:
            self.seconds = time.perf_counter() - self.started
            self.note = note
            self.progress._finished(self)

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc) -> None:
        self.finish(self.note)

    def counted(self) -> str:
        """"412/1,000", "412", or "" when there was nothing to count."""
        if self.total:
            return f"{self.count:,}/{self.total:,}"
        return f"{self.count:,}" if self.count else ""


class Progress:
    """Times the stages of a build and shows nothing: for `--quiet`, tests and library use."""

    def __init__(self) -> None:
        self.stages: list[Stage] = []
        self.started = time.perf_counter()
        self._lock = threading.Lock()  # a stage may advance from a thread reading another process

    def stage(self, label: str, total: int | None = None) -> Stage:
        """Open the stage `label`, of `total` items when it is known."""
        stage = Stage(self, label, total)
        with self._lock:
            self.stages.append(stage)
        self._started(stage)
        return stage

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def slowest(self, most: int = 3) -> list[Stage]:
        """The finished stages that took longest, longest first (at most `most`, none under 0.1 s)."""
        done = [s for s in self.stages if s.seconds is not None and s.seconds >= 0.1]
        return sorted(done, key=lambda s: -s.seconds)[:most]

    def close(self) -> None:
        """The build is over: stop drawing."""

    def _started(self, stage: Stage) -> None:
        pass

    def _advanced(self, stage: Stage) -> None:
        pass

    def _finished(self, stage: Stage) -> None:
        pass


class Lines(Progress):
    """One plain line per stage as it ends: for logs, where a live display would be noise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self.stream = stream or sys.stdout

    def _finished(self, stage: Stage) -> None:
        what = ", ".join(part for part in (stage.counted(), stage.note) if part)
        with self._lock:
            print(f"{stage.label}{': ' + what if what else ''} ({stage.seconds:.1f} s)", file=self.stream, flush=True)


class Live(Progress):
    """Every stage on its own line of a terminal, redrawn as it advances (rich)."""

    def __init__(self, stream: TextIO | None = None, console=None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import ProgressColumn, SpinnerColumn, TextColumn
        from rich.text import Text

        class Seconds(ProgressColumn):
            """The stage's time in tenths of a second, as the summary says it (rich's own counts whole seconds)."""

            def render(self, task):
                seconds = task.finished_time if task.finished else task.elapsed
                return Text(f"{seconds or 0:.1f} s", style="progress.elapsed")

        console = console or Console(file=stream or sys.stdout)
        self.display = RichProgress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description}"),
            TextColumn("[bold]{task.fields[counted]}"),
            Seconds(),
            console=console,
            transient=False,
            refresh_per_second=8,
        )
        self.tasks: dict[int, object] = {}
        self.display.start()

    def _started(self, stage: Stage) -> None:
        self.tasks[id(stage)] = self.display.add_task(stage.label, total=stage.total, counted=stage.counted())

    def _advanced(self, stage: Stage) -> None:
        self.display.update(self.tasks[id(stage)], completed=stage.count, counted=stage.counted())

    def _finished(self, stage: Stage) -> None:
        what = ", ".join(part for part in (stage.counted(), stage.note) if part)
        task = self.tasks[id(stage)]
        # A finished task stops its clock; its total is set so that rich counts it as finished.
        self.display.update(task, total=stage.count or 1, completed=stage.count or 1, counted=what)
        self.display.stop_task(task)

    def close(self) -> None:
        self.display.stop()


def for_stream(stream: TextIO, quiet: bool = False) -> Progress:
    """The display that suits `stream`: live on a terminal, plain lines elsewhere, none when quiet."""
    if quiet:
        return Progress()
    if stream.isatty():
        return Live(stream)
    return Lines(stream)
