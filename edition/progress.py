"""Progress display: a rich progress bar on a terminal, nothing otherwise."""

from __future__ import annotations


class Progress:
    def __init__(self, steps: tuple[str, ...], stream):
        self.steps = list(steps)
        self.stream = stream
        self.bar = None
        self.task = None

    def __enter__(self):
        if self.stream is not None and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

            self.bar = RichProgress(TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn(),
                                    console=Console(file=self.stream), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("manifest", total=len(self.steps))
        return self

    def step(self, name: str) -> None:
        if self.bar is not None:
            done = self.steps.index(name) if name in self.steps else 0
            self.bar.update(self.task, description=name, completed=done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False
