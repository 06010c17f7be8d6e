"""Shared edge utilities: reading inputs (`sources`), atomic writes (`atomic`), output formats (`output_format`),
a run's outputs checked against its inputs (`run_paths`), untrusted text made safe for terminals and spreadsheets
(`untrusted`, the one terminal escape), and the terminal rendering of assessments (`terminal`). They build on the
core and never on an edge."""
