"""advisor: decide whether an organisation should adopt an LLM, broader generative AI, or both."""

__version__ = "0.1.0"
