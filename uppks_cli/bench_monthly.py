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


MONTHLY_HEADER = ["Nama Kelompok", "Kabupaten/Kota", "Kecamatan", "Bulan", "Pertemuan Tatap Muka",
                  "Jml Keluarga Anggota", "Keluarga Hadir", "Anggota PUS", "PUS ber-KB", "Omzet"]


def write_monthly_csv(groups_csv: Path, path: Path, period: str, rows: int | None = None) -> None:
    """SYNTHETIC monthly reports, one for each group of a synthetic groups file (or its first `rows`)."""
    import csv
    import random

    chance = random.Random(7)
    with groups_csv.open(encoding="utf-8", newline="") as source, path.open("w", encoding="utf-8",
                                                                              newline="") as target:
        reader, writer = csv.reader(source), csv.writer(target)
        next(reader)
        writer.writerow(MONTHLY_HEADER)
        for number, group in enumerate(reader):
            if rows is not None and number >= rows:
                break
            families = chance.randint(8, 40)
            pus = chance.randint(0, families)
            writer.writerow([group[0], group[1], group[2], period, chance.randint(0, 4), families,
                             chance.randint(0, families), pus, chance.randint(0, pus), chance.randint(0, 3_000_000)])


def monthly_import_rows(work: Path, uppks: str, sqlite_utils: str, env: dict, repeat: int, groups: int,
                        write_groups_csv, side_by_side, timed_memory, fresh) -> list[tuple]:
    """`monthly import` of a province's month (one report for each of `groups` groups), against
    sqlite-utils inserting the same file, and its memory against a 1,000-row month."""
    import shutil
    import subprocess

    from uppks_cli.domain.monthly import last_month

    groups_csv, registry = work / f"province-{groups}.csv", work / "province.db"
    write_groups_csv(groups_csv, groups, seed=2027)
    subprocess.run([uppks, "--db", str(registry), "import", "--quiet", str(groups_csv)], check=True, env=env)
    month, small = work / "province-month.csv", work / "province-month-1000.csv"
    write_monthly_csv(groups_csv, month, last_month())
    write_monthly_csv(groups_csv, small, last_month(), rows=1_000)
    ours, theirs = work / "monthly-uppks.db", work / "monthly-su.db"

    def fresh_registry():
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(ours) + suffix).unlink(missing_ok=True)
        shutil.copyfile(registry, ours)

    medians = side_by_side({
        "uppks monthly import": ([uppks, "--db", str(ours), "monthly", "import", "--quiet", str(month)],
                                 fresh_registry),
        "sqlite-utils insert --csv": ([sqlite_utils, "insert", str(theirs), "reports", str(month), "--csv"],
                                      fresh(theirs)),
    }, env, repeat)
    large_kb = timed_memory([uppks, "--db", str(ours), "monthly", "import", "--quiet", str(month)], env,
                            fresh_registry)
    small_kb = timed_memory([uppks, "--db", str(ours), "monthly", "import", "--quiet", str(small)], env,
                            fresh_registry)
    return [(f"monthly import, {groups:,} reports", medians, "uppks monthly import", "sqlite-utils insert --csv",
             0.33),
            (f"peak memory, monthly import {groups:,} vs 1,000 reports", {"large": large_kb, "small": small_kb},
             "large", "small", 1.5)]
