"""The Column/Table kit: each table's schema declared once.

The Arrow schema used to write Parquet, the Polars schema used in transforms and the validation
rules (tasks/validation_rules.py builds both the row-level quarantine and the great-expectations
suite from these declarations) are all derived from a table's declaration. The ingest tables
are declared in tasks/schema.py, the others beside the subsystem that writes them;
tasks/dictionary.py gathers them all and renders docs/data-dictionary.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl
import pyarrow as pa

from tasks.errors import SchemaMismatch

UTC_TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    # Values the column may take (checked by validation); None means unconstrained.
    allowed: tuple[str, ...] | None = None
    # A timestamp that may not lie in the future (checked by validation).
    not_future: bool = False
    # A timestamp that may not lie before this one (checked by validation).
    not_before: datetime | None = None
    # A string that must hold more than whitespace (checked by validation).
    non_blank: bool = False
    min_value: int | None = None
    # Filled by Tocsin from other columns or from the run: its absence is reported on its inputs.
    derived: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    partition_by: tuple[str, ...] = ()
    path: str = ""
    _by_name: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    def __getitem__(self, name: str) -> Column:
        return self._by_name[name]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self, *, with_partitions: bool = True) -> pa.Schema:
        cols = self.columns if with_partitions else self.file_columns
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in cols])

    @property
    def file_columns(self) -> tuple[Column, ...]:
        """The columns stored inside the Parquet files: hive partition keys live in the path."""
        return tuple(c for c in self.columns if c.name not in self.partition_by)

    @functools.cache  # noqa: B019 - tables are module-level constants
    def polars_schema(self) -> pl.Schema:
        return pl.DataFrame(self.arrow_schema().empty_table()).schema

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema())

    def conform(self, df: pl.DataFrame) -> pl.DataFrame:
        """Select and cast the table's columns in order; a missing column is an error."""
        missing = [c for c in self.names if c not in df.columns]
        if missing:
            raise SchemaMismatch(f"table {self.name!r}: missing column(s) {', '.join(missing)}")
        schema = self.polars_schema()
        return df.select([pl.col(n).cast(schema[n], strict=True) for n in self.names])
