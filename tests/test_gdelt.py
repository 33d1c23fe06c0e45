"""GDELT event exports in (`stancedb ingest --format gdelt`): one statement per event with
two actors, the rest counted and reported; real samples from ../shared/data/gdelt and
GDELT 2.0 rows made here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stancedb import StanceDB
from tests.conftest import SHARED

GDELT = SHARED / "data" / "gdelt"
RAW = GDELT / "gdelt1_daily_20160728_sample_raw.tsv"
NAMED = GDELT / "gdelt1_georgia_2012-09_to_2012-11.csv"
needs_sample = pytest.mark.skipif(not RAW.exists(), reason=f"the GDELT sample is not in {GDELT}")


def two_sided(rows: list[list[str]], at: dict[str, int]) -> int:
    def given(row: list[str], *names: str) -> bool:
        return any(row[at[n]].strip() not in ("", "NA") for n in names)

    return sum(1 for r in rows if given(r, "Actor1Code", "Actor1Name")
               and given(r, "Actor2Code", "Actor2Name"))


@needs_sample
def test_the_raw_sample_gives_one_statement_per_event_with_two_actors(db: StanceDB) -> None:
    rows = [line.rstrip("\n").split("\t") for line in RAW.read_text().splitlines()]
    at = {"Actor1Code": 5, "Actor1Name": 6, "Actor2Code": 15, "Actor2Name": 16}
    expected = two_sided(rows, at)
    warnings: list[str] = []
    report = db.ingest([RAW], format="gdelt", on_warning=warnings.append)
    assert report.ok and report.stored == expected
    assert len(warnings) == 1
    assert f"{len(rows) - expected} events without both actors were not stored" in warnings[0]
    frame = db.statements()
    assert set(frame.extractor_version) == {"GDELT 1.0"}
    with_url = {len(r) for r in rows} == {57, 58}  # both 1.0 layouts are in the sample
    assert with_url and frame.url.notna().any() and frame.url.isna().any()
    again = db.ingest([RAW], format="gdelt")
    assert (again.stored, again.skipped) == (0, expected)
    assert db.verify().ok


@needs_sample
def test_a_file_with_a_header_is_read_by_its_column_names(db: StanceDB) -> None:
    with NAMED.open(newline="") as handle:
        reader = csv.reader(handle)
        header = {name: i for i, name in enumerate(next(reader))}
        expected = two_sided(list(reader), header)
    assert db.ingest([NAMED], format="gdelt").stored == expected
    assert db.statements().stated_on.min().isoformat() >= "2012-09-01"


def gdelt2_row(event: int, actor: str, target: str, quad: str, goldstein: str,
               day: str = "20151003", url: str = "https://www.example.org/news/1") -> str:
    fields = [""] * 61
    fields[0], fields[1], fields[5], fields[6] = str(event), day, "RUS", actor
    fields[15], fields[16], fields[26] = "SYR" if target else "", target, "0431"
    fields[29], fields[30], fields[59], fields[60] = quad, goldstein, "20151003120000", url
    return "\t".join(fields)


def test_gdelt_2_rows_map_goldstein_quadclass_date_and_url(db: StanceDB,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "20151003.export.CSV"
    path.write_text("\n".join([
        gdelt2_row(1, "RUSSIA", "SYRIA", "1", "2.8"),
        gdelt2_row(2, "RUSSIA", "FREE SYRIAN ARMY", "4", "-10", day="20151004", url=""),
        gdelt2_row(3, "RUSSIA", "", "3", "-4"),
        gdelt2_row(4, "RUSSIA", "SYRIA", "5", "1"),
        "\t".join(["5", "20151003", "too", "few"]),
        gdelt2_row(6, "RUSSIA", "SYRIA", "2", "7", day="20150230"),
    ]) + "\n")
    errors: list[str] = []
    warnings: list[str] = []
    report = db.ingest([path], format="gdelt", on_error=errors.append,
                       on_warning=warnings.append)
    assert report.stored == 2 and report.bad_rows == 3
    assert errors == [
        f"{path}:4: QuadClass '5' is not 1, 2, 3 or 4",
        f"{path}:5: 4 fields: GDELT rows have 57, 58 (1.0) or 61 (2.0)",
        f"{path}:6: SQLDATE '20150230' is not a YYYYMMDD date",
    ]
    assert warnings == [f"{path}: 1 events without both actors were not stored (lines 3)"]
    frame = db.statements().sort_values("stated_on")
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    assert [(r["actor"], r["target"], r["stance"], r["score"], r["stated_on"].isoformat(),
             r["source"], r["url"], r["extractor_version"]) for r in rows] == [
        ("RUSSIA", "SYRIA", "support", 0.28, "2015-10-03", "www.example.org",
         "https://www.example.org/news/1", "GDELT 2.0"),
        ("RUSSIA", "FREE SYRIAN ARMY", "oppose", -1.0, "2015-10-04", "GDELT", None,
         "GDELT 2.0"),
    ]


def test_a_lower_case_header_and_na_urls(db: StanceDB, tmp_path: Path) -> None:
    names = ["globaleventid", "sqldate", "actor1code", "actor1name", "actor2code",
             "actor2name", "eventcode", "quadclass", "goldsteinscale", "sourceurl"]
    path = tmp_path / "lower.csv"
    path.write_text(",".join(names) + "\n"
                    "7,20151003,RUS,RUSSIA,SYR,SYRIA,0431,1,2.8,NA\n")
    assert db.ingest([path], format="gdelt").stored == 1
    row = db.statements().iloc[0]
    assert (row.source, row.url) == ("GDELT", None)
