"""Storage: the engine, the schema, the append-only event log (EventStore), notifications,
anchors, read-only SQL and the SQL filters of queries. Imports only the model
(docs/ARCHITECTURE.md)."""
