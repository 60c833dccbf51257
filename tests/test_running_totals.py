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
