"""Hostile-input tests (issue 9): real exports and junk cells, never misread."""
