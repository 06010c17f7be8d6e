"""The pure core: profile, rules and their condition language, context rules, scoring, engine, robustness,
explanation, headline and the assessment. No I/O (apart from reading the bundled regions table once, as a
constant), no terminal, no templates, no WeasyPrint, no web; it imports nothing outside `advisor.core` but the
standard library and pydantic, numpy, PyYAML, orjson, langcodes and pycountry (checked by tests/test_layout.py)."""
