"""A statistics panel's numbers as plain data (see figures.py for how they are used)."""

from dataclasses import dataclass, field


@dataclass
class Figure:
    """A panel's numbers. `rows` are (label, value, …) matching `columns`; `series` are the drawn columns."""

    key: str
    title: str
    columns: list
    rows: list
    chart: str = "bar"  # bar (grouped if several series) | stacked | line | none
    series: list = field(default_factory=lambda: [1])
    summary: str = ""
    note: str = ""

    @property
    def series_names(self):
        return [self.columns[i] for i in self.series]

    def values(self, index):
        return [row[index] for row in self.rows]
