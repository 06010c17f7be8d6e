"""The batch edge: many profiles at once. `inputs` finds and splits the inputs, `scoring` scores them in worker
processes (one scoring path: the engine's), `run` streams the results to CSV / JSONL / JSON, `portfolio` is the board
pack. Other edges use what is exported here."""

from advisor.batch.inputs import Record
from advisor.batch.scoring import CSV_COLUMNS, csv_table

__all__ = ["CSV_COLUMNS", "Record", "csv_table"]
