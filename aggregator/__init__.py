"""Newsroom-grade competitive intelligence: a news aggregator for analysts."""

__version__ = "0.1.0"
