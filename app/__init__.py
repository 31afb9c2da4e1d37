"""Desirelines: a self-hosted research tool for JTBD interviews and surveys."""

__version__ = "0.1.0"
