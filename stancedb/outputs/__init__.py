"""Outputs: tables on the terminal, exports to files, charts and reports
(docs/ARCHITECTURE.md)."""
