"""The version of advisor, stamped into every assessment and report."""

__version__ = "0.1.0"
