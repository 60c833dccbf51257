import csv

from uppks_cli.bench import HEADER, write_synthetic_csv
from uppks_cli.domain.groups import GroupFilter, count_groups
from uppks_cli.importing import import_files


def test_synthetic_data_is_real_places_and_imports_cleanly(conn, tmp_path):
    path = tmp_path / "synthetic.csv"
    write_synthetic_csv(path, 300, seed=7)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER and len(rows) == 301
    report = import_files(conn, [str(path)])
    assert (report.counts["inserted"], report.counts["invalid"], report.warnings_total) == (300, 0, 0)
    assert count_groups(conn, GroupFilter()) == 300
    located = conn.execute("SELECT count(*) FROM groups WHERE village_code IS NOT NULL").fetchone()[0]
    assert located == 300


def test_the_synthetic_month_imports_cleanly_for_its_groups(run, tmp_path):
    import json

    from uppks_cli.bench_monthly import write_monthly_csv

    groups, month = tmp_path / "groups.csv", tmp_path / "month.csv"
    write_synthetic_csv(groups, 300, seed=2027)
    assert run("import", "--quiet", str(groups)).exit_code == 0
    write_monthly_csv(groups, month, "2026-10")
    result = run("monthly", "import", str(month), "--format", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["inserted"], report["invalid"], report["warnings"]) == (0, 300, 0, [])
