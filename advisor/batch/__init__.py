"""The batch edge: many profiles at once. `inputs` finds and splits the inputs, `scoring` scores them in worker
processes (one scoring path: the engine's), `run` streams the results to CSV / JSONL / JSON, `portfolio` is the board
pack. Other edges use what is exported here."""
