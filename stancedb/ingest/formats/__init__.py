"""Input formats, one reader per format: structured rows (CSV, JSON Lines, Parquet), DNA
databases, GDELT exports, and articles (through the extraction pipeline)."""
