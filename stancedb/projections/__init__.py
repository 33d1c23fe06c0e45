"""Projections: tables derived only from the event log (see runner.py)."""
