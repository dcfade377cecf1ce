"""aistd-kg: an open, bilingual knowledge graph of AI standardization."""

__version__ = "0.1.0"
