"""Extraction: from an article's text to its statements (who said what about whom, and when),
with spaCy, rules and a trained attribution model; and the evaluation of extraction against
gold annotations. Text in, statements out: nothing here touches the database
(docs/ARCHITECTURE.md, docs/EXTRACTION.md)."""
