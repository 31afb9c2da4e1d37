"""Mapping data for the coders (YAML), installed with the package."""
