"""The monthly figures of the benchmark, on the national registry the benchmark builds
(SYNTHETIC groups with two years of monthly reports): the month's recap and the
follow-up list, timed against `count` on 280 groups, side by side."""

from __future__ import annotations

from pathlib import Path


def monthly_contenders(uppks: str, database: Path) -> dict:
    from uppks_cli.domain.monthly import last_month

    period = last_month()
    return {
        "recap": ([uppks, "--db", str(database), "recap", "--period", period, "--by", "district", "--format", "json"],
                  None),
        "monthly missing": ([uppks, "--db", str(database), "monthly", "missing", "pidie", "--period", period,
                             "--format", "json"], None),
    }


def monthly_rows(medians: dict, groups: int) -> list[tuple]:
    return [(f"recap --by district, {groups:,} groups, 24 months", medians, "recap", "count on 280", 2.0),
            (f"monthly missing pidie, {groups:,} groups", medians, "monthly missing", "count on 280", 3.0)]
