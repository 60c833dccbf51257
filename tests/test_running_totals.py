"""Every running total (groups and papers by district and type, the recap's monthly totals and
group starts, each group's latest facts) equals a recount after any sequence of the officer's
writes: imports of groups, reports and activities, edits that move a group, papers given and
taken, deactivations, reports added by hand, and undoing imports in any order."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_monthly_import import write_csv

from uppks_cli.registry.connection import connect
from uppks_cli.registry.totals import differences

NAMES = ["UPPKA Mawar", "UPPKA Melati", "UPPKA Seulanga", "UPPKA Cempaka"]
PLACES = [("Pidie", "Mutiara"), ("Pidie", "Delima"), ("Bireuen", "Jeumpa")]
TYPES = ["jasa", "makanan"]
MONTHS = ["2026-06", "2026-07", "2026-08"]

STEPS = st.one_of(
    st.tuples(st.just("import"), st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(TYPES)), min_size=1,
                                          max_size=3)),
    st.tuples(st.just("monthly"), st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(MONTHS),
                                                     st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=4)),
    st.tuples(st.just("activity"), st.sampled_from(NAMES), st.sampled_from(["2026-07-01", "2026-08-15"])),
    st.tuples(st.just("move"), st.integers(1, 4), st.sampled_from(PLACES), st.sampled_from(TYPES)),
    st.tuples(st.just("papers"), st.integers(1, 4), st.booleans()),
    st.tuples(st.just("status"), st.integers(1, 4), st.sampled_from(["deactivate", "activate"])),
    st.tuples(st.just("report"), st.integers(1, 4), st.sampled_from(MONTHS), st.integers(0, 30)),
    st.tuples(st.just("undo"), st.integers(0, 3)),
)


def _apply(run, step, tmp_path, number):
    kind = step[0]
    if kind == "import":
        rows = [["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha"]]
        rows += [[name, "Pidie", "Mutiara", product_type] for name, product_type in step[1]]
        return run("import", write_csv(tmp_path / f"g{number}.csv", rows), "--skip-invalid", "--quiet")
    if kind == "monthly":
        rows = [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota", "Anggota PUS", "PUS ber-KB"]]
        rows += [[name, "Pidie", month, str(families), str(min(pus, families)), str(min(pus, families) // 2)]
                 for name, month, families, pus in step[1]]
        return run("monthly", "import", write_csv(tmp_path / f"m{number}.csv", rows), "--skip-invalid", "--quiet")
    if kind == "activity":
        rows = [["Nama Kelompok", "Kabupaten", "Tanggal", "Jenis Kegiatan", "Topik"],
                [step[1], "Pidie", step[2], "visit", "Pembinaan"]]
        return run("activity", "import", write_csv(tmp_path / f"a{number}.csv", rows), "--skip-invalid", "--quiet")
    if kind == "move":
        _, group, (district, subdistrict), product_type = step
        return run("edit", str(group), "--district", district, "--subdistrict", subdistrict, "--product-type",
                   product_type)
    if kind == "papers":
        return run("edit", str(step[1]), "--pirt", "123456789012345" if step[2] else "", "--nib",
                   "1234567890123" if step[2] else "")
    if kind == "status":
        return run(step[2], str(step[1]))
    if kind == "report":
        return run("monthly", "add", str(step[1]), "--period", step[2], "--families", str(step[3]))
    batches = [batch for batch in json.loads(run("imports", "-f", "json").stdout or "[]") if not batch["undone_at"]]
    if batches:
        return run("undo-import", str(batches[step[1] % len(batches)]["id"]), "--yes")
    return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(STEPS, min_size=1, max_size=8))
def test_every_running_total_is_a_recount_after_any_writes(run, db_path, tmp_path, steps):
    for leftover in db_path.parent.glob(db_path.name + "*"):  # the registry of the example before
        leftover.unlink()
    seed = [["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha"], ["UPPKA Mawar", "Pidie", "Mutiara", "jasa"],
            ["UPPKA Melati", "Pidie", "Mutiara", "jasa"], ["UPPKA Seulanga", "Pidie", "Delima", "makanan"],
            ["UPPKA Cempaka", "Pidie", "", "makanan"]]
    assert run("import", write_csv(tmp_path / "seed.csv", seed), "--quiet").exit_code == 0
    for number, step in enumerate(steps):
        result = _apply(run, step, tmp_path, number)
        assert result is None or "Traceback" not in (result.stderr or ""), result.stderr
        conn = connect(db_path, create=True)
        try:
            assert (step, differences(conn)) == (step, [])
        finally:
            conn.close()


def _trigger(db_path):
    conn = connect(db_path, create=True)
    try:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = 'monthly_added'").fetchone()
    finally:
        conn.close()


def test_a_monthly_import_counts_its_reports_itself_and_leaves_the_trigger_as_it_was(run, db_path, tmp_path,
                                                                                   monkeypatch):
    """A monthly import sets the trigger that counts each added report aside while it reads a file
    and counts them itself: the totals equal a recount after one file, after a batch whose second
    file replaces what its first added, after a dry run, a refused file, and an import stopped by
    an error halfway; the trigger is back, word for word, every time."""
    from uppks_cli.registry import monthly as stored

    seed = [["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha"], ["UPPKA Mawar", "Pidie", "Mutiara", "jasa"],
            ["UPPKA Melati", "Pidie", "", "makanan"], ["UPPKA Seulanga", "Bireuen", "Jeumpa", "makanan"]]
    assert run("import", write_csv(tmp_path / "seed.csv", seed), "--quiet").exit_code == 0
    trigger = _trigger(db_path)
    assert trigger is not None and trigger[0].startswith("CREATE TRIGGER monthly_added AFTER INSERT ON monthly_reports")
    heading = ["Nama Kelompok", "Kabupaten", "Bulan", "Pertemuan Tatap Muka", "Jml Keluarga Anggota", "Anggota PUS",
               "PUS ber-KB", "Omzet"]
    first = write_csv(tmp_path / "okt.csv", [heading, ["UPPKA Mawar", "Pidie", "2026-10", "2", "20", "12", "9", ""],
                                             ["UPPKA Melati", "Pidie", "2026-10", "", "15", "10", "4", "1.500.000"],
                                             ["UPPKA Seulanga", "Bireuen", "2026-10", "1", "", "", "", "200000"]])
    again = write_csv(tmp_path / "okt-2.csv", [heading, ["UPPKA Mawar", "Pidie", "2026-10", "3", "21", "12", "10", ""],
                                               ["UPPKA Melati", "Pidie", "2026-09", "1", "14", "9", "3", ""]])
    broken = write_csv(tmp_path / "rusak.csv", [heading, ["UPPKA Mawar", "Pidie", "2026-08", "1", "5", "9", "1", ""]])

    def recap(period):
        return json.loads(run("recap", "--period", period, "-f", "json").stdout)

    def pidie(period):
        return next(row for row in recap(period) if row["district"] == "Pidie")

    assert run("monthly", "import", first, again, "--quiet").exit_code == 0
    assert (pidie("2026-10")["reporting"], pidie("2026-10")["meetings"], pidie("2026-10")["families"],
            pidie("2026-10")["members_kb"], pidie("2026-10")["turnover"], pidie("2026-09")["families"]) == (
        2, 3, 36, 14, 1_500_000, 14)
    assert run("monthly", "import", first, "--dry-run", "--quiet").exit_code == 0
    assert run("monthly", "import", broken, "--quiet").exit_code == 1  # 9 PUS of 5 families: refused, nothing written

    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stored, "remember_batch_changes", failing)
    stopped = run("monthly", "import", write_csv(tmp_path / "nov.csv", [
        heading, ["UPPKA Seulanga", "Bireuen", "2026-11", "1", "8", "4", "2", ""]]), "--quiet")
    assert (stopped.exit_code, stopped.stderr) == (
        1, "Error: -: No space left on device; check the file and its folder, then try again.\n")
    monkeypatch.undo()
    conn = connect(db_path, create=True)
    try:
        assert (differences(conn), conn.execute("SELECT count(*) FROM monthly_reports").fetchone()[0]) == ([], 4)
    finally:
        conn.close()
    assert _trigger(db_path) == trigger
