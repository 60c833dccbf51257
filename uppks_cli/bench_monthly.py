"""The monthly figures of the benchmark: a national registry of SYNTHETIC groups, each
with two years of monthly reports (most groups report most months), and the recap
and follow-up list timed against `count` on 280 groups, side by side."""

from __future__ import annotations

import random
import sqlite3
import subprocess
from pathlib import Path

MONTHS = 24
# the share of groups that report in a month, as district offices see it
REPORTING = 0.85


def national_registry(work: Path, uppks: str, env: dict, groups: int, write_csv) -> Path:
    """A registry of `groups` synthetic groups imported as usual, and MONTHS of their reports."""
    sheet, database = work / f"national-{groups}.csv", work / "national.db"
    write_csv(sheet, groups)
    subprocess.run([uppks, "--db", str(database), "import", "--quiet", str(sheet)], check=True, env=env)
    from uppks_cli.domain.monthly import fill_synthetic_reports

    conn = sqlite3.connect(database)
    fill_synthetic_reports(conn, [f"{2024 + month // 12}-{month % 12 + 1:02d}" for month in range(MONTHS)],
                           REPORTING, random.Random(2025))
    conn.close()
    return database


def monthly_rows(work: Path, uppks: str, env: dict, repeat: int, meeting: Path, groups: int, write_csv,
                 side_by_side) -> list[tuple]:
    database = national_registry(work, uppks, env, groups, write_csv)
    period = f"{2024 + (MONTHS - 1) // 12}-{(MONTHS - 1) % 12 + 1:02d}"
    medians = side_by_side({
        "recap": ([uppks, "--db", str(database), "recap", "--period", period, "--by", "district", "--format",
                   "json"], None),
        "monthly missing": ([uppks, "--db", str(database), "monthly", "missing", "pidie", "--period", period,
                             "--format", "json"], None),
        "count on 280": ([uppks, "--db", str(meeting), "count", "--district", "Pidie"], None),
    }, env, repeat)
    reports = groups * MONTHS
    return [(f"recap --by district, {groups:,} groups, ~{REPORTING * reports:,.0f} reports", medians, "recap",
             "count on 280", 2.0),
            (f"monthly missing pidie, {groups:,} groups", medians, "monthly missing", "count on 280", 3.0)]
