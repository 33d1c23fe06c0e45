"""The model: events and their rules, entity names, and the positions arithmetic. Pure
Python and pandas, no I/O; every other package may import it (docs/ARCHITECTURE.md)."""
