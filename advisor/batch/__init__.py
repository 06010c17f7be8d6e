"""The batch edge: many profiles at once. `inputs` finds and splits the inputs, `scoring` scores them in worker
processes (one scoring path: the engine's), `run` streams the results to CSV / JSONL / JSON, `portfolio` is the board
pack. Other edges use what is exported here: reading the inputs as batch reads them, record by record, and batch's
CSV table for profiles held elsewhere (a server's survey)."""

from advisor.batch.inputs import Record, duplicate_id_warning, expand_inputs, records
from advisor.batch.scoring import CSV_COLUMNS, csv_table, error_line, error_lines, load_record

__all__ = [
    "CSV_COLUMNS",
    "Record",
    "csv_table",
    "duplicate_id_warning",
    "error_line",
    "error_lines",
    "expand_inputs",
    "load_record",
    "records",
]
