"""Shared edge utilities: reading inputs (`sources`), atomic writes (`atomic`), output formats (`output_format`),
untrusted text made safe for terminals and spreadsheets (`untrusted`), and the terminal rendering of assessments
(`terminal`). They build on the core and never on an edge."""
