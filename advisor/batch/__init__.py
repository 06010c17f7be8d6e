"""The batch edge: many profiles at once. `inputs` finds and splits the inputs, `scoring` scores them in worker
processes (one scoring path: the engine's), `run` streams the results to CSV / JSONL / JSON, `portfolio` is the board
pack. Other edges use what is exported here: reading the inputs as batch reads them, record by record."""

from advisor.batch.inputs import Record, expand_inputs, records
from advisor.batch.scoring import error_line, error_lines, load_record

__all__ = ["Record", "error_line", "error_lines", "expand_inputs", "load_record", "records"]
