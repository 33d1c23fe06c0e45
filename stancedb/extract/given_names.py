"""The gender a given name is strongly associated with, for pronoun agreement ("Hillary
Clinton ... he said" cannot mean her).

The table (`data/given_names.tsv`) is drawn from nomquamgender 0.1.4 (Van Buskirk, Clauset &
Larremore, "An open-source cultural consensus approach to name-based gender classification",
ICWSM 2023; MIT licence, notice in `data/given_names.LICENSE`): names seen in at least three
of its sources and 100 times, whose probability of being a woman's, p(gf), is at most 0.1 or
at least 0.9 (the package's own threshold). Names between stay unknown, and what the text says
(an honorific, "spokeswoman") always wins over the table. Rebuild it with

    python -m stancedb.extract.given_names path/to/nomquamgender/name_data.json
"""

from __future__ import annotations

import json
import sys
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

TABLE = "given_names.tsv"
MIN_SOURCES = 3
MIN_COUNT = 100
THRESHOLD = 0.1  # nomquamgender's default: classify only when p(gf) <= 0.1 or >= 0.9


@cache
def _table() -> dict[str, str]:
    text = resources.files("stancedb.extract").joinpath(f"data/{TABLE}").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name: gender for name, gender in rows}


def gender_of(given_name: str) -> str | None:
    """ "m" or "f" for a given name strongly associated with one, else None. Accents are
    dropped, as in the table ("José" is "jose")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", given_name)
                    if not unicodedata.combining(c))
    return _table().get(plain.lower())


def build(name_data: Path, out: Path) -> int:
    """Write the table from nomquamgender's name_data.json; how many names it holds."""
    data = json.loads(name_data.read_text("utf-8"))
    rows = []
    for name, (sources, count, p_female, *_rest) in data.items():
        if not name.isalpha() or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        if p_female <= THRESHOLD:
            rows.append(f"{name}\tm")
        elif p_female >= 1 - THRESHOLD:
            rows.append(f"{name}\tf")
    header = ("# given name<TAB>m|f, from nomquamgender 0.1.4 name_data.json (MIT); "
              f"sources >= {MIN_SOURCES}, count >= {MIN_COUNT}, p(gf) <= {THRESHOLD} or "
              f">= {1 - THRESHOLD}\n")
    out.write_text(header + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m stancedb.extract.given_names NAME_DATA_JSON")
    target = Path(__file__).with_name("data") / TABLE
    print(f"{build(Path(sys.argv[1]), target)} names written to {target}")
