"""Benchmark: uppks against sqlite-utils and the sqlite3 shell, side by side.

    python -m uppks_cli.bench [--rows 100000] [--repeat 5] [--big-rows 1000000] [--quick]

Makes SYNTHETIC data (labelled as such; real district, kecamatan and gampong
names, invented groups) in a temporary folder, then times whole commands the
way a user runs them, alternating A B A B after a warm-up, and reports the
median of each and their ratio. Absolute times drift on shared machines;
ratios measured in one run are what count.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from uppks_cli.bench_monthly import monthly_contenders, monthly_import_rows, monthly_rows
from uppks_cli.domain.coaching import fill_synthetic
from uppks_cli.domain.reference import districts, subdistricts_of, villages_of

HEADER = ["Nama Kelompok", "Kabupaten/Kota", "Kecamatan", "Gampong", "Jenis Usaha", "Produk", "Jml Anggota",
          "Anggota PUS", "PUS ber-KB", "Ketua", "No. HP", "Tahun Berdiri", "Modal (Rp)", "Omzet/bulan (Rp)"]
PRODUCT_TYPES = [("Anyaman pandan", "Tikar pandan"), ("Makanan olahan", "Keripik pisang"), ("Kerawang Gayo", "Tas"),
                 ("Konveksi/Jahit", "Mukena"), ("Pertanian", "Kopi bubuk"), ("Peternakan", "Kambing"),
                 ("Perikanan", "Ikan asin"), ("Warung", "Sembako"), ("Jasa", "Salon"), ("Lainnya", "Sabun")]
WORDS = ["Mawar", "Melati", "Seulanga", "Cempaka", "Harapan", "Sejahtera", "Mandiri", "Bungong Jeumpa", "Saree",
         "Makmur", "Bahagia", "Tunas", "Pelangi", "Permata", "Teratai", "Sakinah", "Berkah", "Nurul"]
LEADERS = ["Nurhayati", "Salmiah", "Cut Aisyah", "Rosmawati", "Halimah", "Fatimah", "Zulaikha", "Mariani"]


def write_synthetic_csv(path: Path, rows: int, seed: int = 2025) -> None:
    """SYNTHETIC groups: made-up names and numbers in real places."""
    chooser = random.Random(seed)
    places = []
    for district in districts():
        for subdistrict in subdistricts_of(district.code):
            for village in villages_of(subdistrict.code)[:3]:
                places.append((district.official_name, subdistrict.name, village.name))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            district, subdistrict, village = chooser.choice(places)
            product_type, product = chooser.choice(PRODUCT_TYPES)
            members = chooser.randint(5, 40)
            pus = chooser.randint(members // 2, members)
            kb = chooser.randint(pus // 2, pus)
            writer.writerow([
                f"UPPKA {chooser.choice(WORDS)} {number}", district, subdistrict, village, product_type, product,
                members, pus, kb, chooser.choice(LEADERS), f"0812{chooser.randint(10_000_000, 99_999_999)}",
                chooser.randint(1995, 2024), f"{chooser.choice([5, 10, 15, 25, 50]) * 100_000:,}".replace(",", "."),
                f"{chooser.choice([2, 5, 7, 12]) * 250_000:,}".replace(",", "."),
            ])


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def timed(command: list[str], env: dict, before=None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_memory_kb(command: list[str], env: dict, before=None) -> int:
    """Peak resident memory (KB) of a child process, from the kernel's accounting."""
    if before:
        before()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return usage.ru_maxrss


def measured(command: list[str], env: dict, before=None) -> tuple[float, int]:
    """Seconds and peak resident memory (KB) of one run of a command."""
    if before:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return time.perf_counter() - start, usage.ru_maxrss


def side_by_side(contenders: dict[str, tuple[list[str], object]], env: dict, repeat: int) -> dict[str, float]:
    """Median seconds of each command, run in turns (A B A B ...) after one warm-up each."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for command, before in contenders.values():
        timed(command, env, before)
    for _ in range(repeat):
        for name, (command, before) in contenders.items():
            times[name].append(timed(command, env, before))
    return {name: statistics.median(values) for name, values in times.items()}


def _fresh(path: Path):
    def remove():
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return remove


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the import file")
    parser.add_argument("--big-rows", type=int, default=1_000_000, help="rows for the memory and summary figures")
    parser.add_argument("--coaching-groups", type=int, default=150_000,
                        help="groups for the attention figure (with 24 months of reports and 500,000 activities)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--province-groups", type=int, default=36_000,
                        help="groups of a province, each with a report, for the monthly import figure")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check that the benchmark runs")
    options = parser.parse_args(argv)
    if options.quick:
        options.rows, options.big_rows, options.repeat, options.coaching_groups = 2_000, 20_000, 1, 3_000
        options.province_groups = 2_000
    uppks, sqlite_utils, sqlite3_shell = _tool("uppks"), _tool("sqlite-utils"), shutil.which("sqlite3")
    if not uppks or not sqlite_utils:
        print("uppks and sqlite-utils must be installed (pip install .)", file=sys.stderr)
        return 1
    env = {**os.environ, "UPPKS_LANG": "en"}
    env.pop("UPPKS_DB", None)
    print(f"# uppks benchmark: SYNTHETIC data; {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores")
    rows, growth = [], []
    with tempfile.TemporaryDirectory(prefix="uppks-bench-") as folder:
        work = Path(folder)
        import_csv, small_csv, tiny_csv, huge_csv = (work / f"synthetic-{n}.csv" for n in
                                                     (options.rows, 10_000, 280, options.big_rows))
        write_synthetic_csv(import_csv, options.rows)
        write_synthetic_csv(small_csv, 10_000)
        write_synthetic_csv(tiny_csv, 280)
        write_synthetic_csv(huge_csv, options.big_rows)

        # 1. a quick count at a meeting, on 280 groups
        meeting = work / "meeting.db"
        subprocess.run([uppks, "--db", str(meeting), "import", "--quiet", str(tiny_csv)], check=True, env=env)
        medians = side_by_side({
            "uppks count": ([uppks, "--db", str(meeting), "count", "--district", "Pidie"], None),
            "sqlite-utils query": ([sqlite_utils, "query", str(meeting),
                                    "select count(*) from groups where district_code = '11.07' "
                                    "and status = 'active'"], None),
            "python -c 'import sqlite3'": ([sys.executable, "-c", "import sqlite3"], None),
        }, env, options.repeat)
        rows.append(("count --district Pidie, 280 groups", medians, "uppks count", "sqlite-utils query", 0.4))
        rows.append(("count against the floor", medians, "uppks count", "python -c 'import sqlite3'", 3.0))

        # 2. import, validated, against sqlite-utils and the sqlite3 shell's unvalidated .import
        ours, theirs, shell = work / "import-uppks.db", work / "import-su.db", work / "import-shell.db"
        contenders = {
            "uppks import": ([uppks, "--db", str(ours), "import", "--quiet", str(import_csv)], _fresh(ours)),
            "sqlite-utils insert --csv": ([sqlite_utils, "insert", str(theirs), "groups", str(import_csv), "--csv"],
                                          _fresh(theirs)),
        }
        if sqlite3_shell:
            contenders["sqlite3 .import"] = ([sqlite3_shell, str(shell), f".import --csv {import_csv} groups"],
                                             _fresh(shell))
        medians = side_by_side(contenders, env, options.repeat)
        label = f"import {options.rows:,} rows"
        rows.append((label, medians, "uppks import", "sqlite-utils insert --csv", 0.33))
        if sqlite3_shell:
            rows.append((label, medians, "uppks import", "sqlite3 .import", 4.5))

        # memory: a file 100 times longer must not need much more memory
        small_db, huge_db = work / "memory-small.db", work / "summary.db"
        small_kb = peak_memory_kb([uppks, "--db", str(small_db), "import", "--quiet", str(small_csv)], env,
                                  _fresh(small_db))
        huge_kb = peak_memory_kb([uppks, "--db", str(huge_db), "import", "--quiet", str(huge_csv)], env,
                                 _fresh(huge_db))
        rows.append((f"peak memory, import {options.big_rows:,} vs 10,000 rows",
                     {"large": huge_kb, "small": small_kb}, "large", "small", 1.5))

        # 3. the meeting summary on a national-scale registry
        medians = side_by_side({
            f"summary on {options.big_rows:,}": ([uppks, "--db", str(huge_db), "summary", "--by",
                                                  "district,product-type", "--format", "json"], None),
            "count on 280": ([uppks, "--db", str(meeting), "count", "--district", "Pidie"], None),
        }, env, options.repeat)
        rows.append((f"summary --by district,product-type, {options.big_rows:,} groups", medians,
                     f"summary on {options.big_rows:,}", "count on 280", 2.0))

        # 4. a national registry (150,000 groups, 24 months of reports, 500,000 activities): the groups of
        # one district that need a visit before a field trip, the month's recap, who to call about reports
        coaching_csv, coaching_db = work / "coaching.csv", work / "coaching.db"
        write_synthetic_csv(coaching_csv, options.coaching_groups, seed=2026)
        subprocess.run([uppks, "--db", str(coaching_db), "import", "--quiet", str(coaching_csv)], check=True, env=env)
        activities = options.coaching_groups * 10 // 3  # 500,000 for 150,000 groups
        fill_synthetic(coaching_db, 24, activities)
        medians = side_by_side({
            "attention": ([uppks, "--db", str(coaching_db), "attention", "--district", "Pidie", "--format", "json"],
                          None),
            **monthly_contenders(uppks, coaching_db),
            "count on 280": ([uppks, "--db", str(meeting), "count", "--district", "Pidie"], None),
        }, env, options.repeat)
        rows.append((f"attention --district Pidie, {options.coaching_groups:,} groups, 24 months, "
                     f"{activities:,} activities", medians, "attention", "count on 280", 3.0))
        rows += monthly_rows(medians, options.coaching_groups)
        # a province's month of reports (East Java: about 36,000 groups) imported
        rows += monthly_import_rows(work, uppks, sqlite_utils, env, options.repeat, options.province_groups,
                                    write_synthetic_csv, side_by_side, peak_memory_kb, _fresh)

        # 5. output at province scale: the same commands on 10,000, 100,000 and 1,000,000 groups
        sized = {10_000: small_db, options.rows: ours, options.big_rows: huge_db}
        rows += output_at_scale(work, sized, uppks, sqlite_utils, sqlite3_shell, meeting, env, options, growth)

    print()
    print("| measure | uppks | against | ratio | target | met |")
    print("|---|---:|---:|---:|---:|:---:|")
    for label, values, ours_name, theirs_name, target in rows:
        ratio = values[ours_name] / values[theirs_name]
        unit = (lambda v: f"{v / 1024:.0f} MB") if "memory" in label else (lambda v: f"{v:.3f} s")
        met = "" if target is None else ("yes" if ratio <= target else "NO")
        shown_target = "" if target is None else f"<= {target:g}x"
        print(f"| {label} | {unit(values[ours_name])} | {theirs_name}: {unit(values[theirs_name])} | "
              f"{ratio:.2f}x | {shown_target} | {met} |")
    print()
    sizes = [f"{size:,}" for size in sorted({10_000, options.rows, options.big_rows})]
    print("How cost grows (one run each; seconds, peak memory):")
    print()
    print("| command | " + " | ".join(sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for label, figures in growth:
        print(f"| {label} | " + " | ".join(f"{seconds:.2f} s, {kb / 1024:.0f} MB" for _, (seconds, kb)
                                           in sorted(figures.items())) + " |")
    return 0


def output_at_scale(work: Path, sized: dict, uppks: str, sqlite_utils: str, sqlite3_shell: str | None,
                    meeting: Path, env: dict, options, growth: list) -> list:
    """Rows of the output figures: list, export, report and search beside sqlite-utils and their
    own small sizes; each command's time and memory at every size go into `growth`."""
    rows = []
    small, middle, big = sorted(sized)
    out = work / "out"
    out.mkdir()

    def file_of(name: str):
        return lambda: (out / name).unlink(missing_ok=True)

    commands = {
        "list --format json": (["list", "--format", "json"], None),
        "list --format csv": (["list", "--format", "csv"], None),
        "export -o x.csv": (["export", "-o", str(out / "x.csv")], file_of("x.csv")),
        "export -o x.jsonl": (["export", "-o", str(out / "x.jsonl")], file_of("x.jsonl")),
        "export -o x.json": (["export", "-o", str(out / "x.json")], file_of("x.json")),
        "export -o x.xlsx": (["export", "-o", str(out / "x.xlsx")], file_of("x.xlsx")),
        "report -o r.html": (["report", "-o", str(out / "r.html")], file_of("r.html")),
        "report -o r.xlsx": (["report", "-o", str(out / "r.xlsx")], file_of("r.xlsx")),
        "list --search mawar": (["list", "--search", "mawar"], None),
    }
    for label, (arguments, before) in commands.items():
        figures = {size: measured([uppks, "--db", str(db), *arguments], env, before) for size, db in sized.items()}
        growth.append((label, figures))
        if label != "list --search mawar":
            rows.append((f"peak memory, {label}, {big:,} vs {small:,} groups",
                         {"large": figures[big][1], "small": figures[small][1]}, "large", "small", 1.5))

    db = str(sized[middle])
    contenders = {
        "uppks export -o x.csv": ([uppks, "--db", db, "export", "-o", str(out / "x.csv")], file_of("x.csv")),
        "sqlite-utils rows --csv": ([sqlite_utils, "rows", db, "groups", "--csv"], None),
        "uppks list --format json": ([uppks, "--db", db, "list", "--format", "json"], None),
        "sqlite-utils rows": ([sqlite_utils, "rows", db, "groups"], None),
    }
    if sqlite3_shell:
        contenders["sqlite3 -csv"] = ([sqlite3_shell, "-csv", "-header", db, "select * from groups"], None)
    medians = side_by_side(contenders, env, options.repeat)
    rows.append((f"export -o x.csv, {middle:,} groups", medians, "uppks export -o x.csv",
                 "sqlite-utils rows --csv", 0.75))
    if sqlite3_shell:
        rows.append((f"export -o x.csv, {middle:,} groups", medians, "uppks export -o x.csv", "sqlite3 -csv", None))
    rows.append((f"list --format json, {middle:,} groups", medians, "uppks list --format json", "sqlite-utils rows",
                 0.75))

    db = str(sized[big])
    medians = side_by_side({
        "report -o r.html": ([uppks, "--db", db, "report", "-o", str(out / "r.html")], file_of("r.html")),
        "summary (table)": ([uppks, "--db", db, "summary", "--by", "district,product-type"], None),
        "list --search mawar": ([uppks, "--db", db, "list", "--search", "mawar"], None),
        "count on 280": ([uppks, "--db", str(meeting), "count", "--district", "Pidie"], None),
    }, env, options.repeat)
    medians["limit of 0.5 s"] = 0.5
    rows.append((f"report -o r.html, {big:,} groups", medians, "report -o r.html", "summary (table)", 5.0))
    rows.append((f"list --search mawar (a table), {big:,} groups", medians, "list --search mawar",
                 "limit of 0.5 s", 1.0))
    return rows


if __name__ == "__main__":
    sys.exit(main())
