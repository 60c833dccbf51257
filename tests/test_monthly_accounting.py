"""Every row of a monthly sheet is accounted for: its report written as given, refused with a
reason, a repeat said so, or the row named as not read.

Sheets are generated the way districts fill them: the month in the title, groups named with
or without UPPKA/Kelompok and their kecamatan, a group the registry does not have, a name that
two groups share, a row typed twice, a row typed twice with other numbers, numbers that break
a rule, a totals row and a signature block.
"""

import csv

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppks_cli.importing import ImportOptions, import_files
from uppks_cli.importing.monthly import import_monthly
from uppks_cli.registry.connection import connect

# (name as registered, kecamatan): the two Melati make a row without kecamatan ambiguous
REGISTERED = [("UPPKA Mawar", "Mutiara"), ("UPPKA Melati", "Pidie"), ("UPPKA Melati", "Delima"),
              ("UPPKA Seulanga", "Simpang Tiga"), ("UPPKA Cempaka", None), ("UPPKA Kenanga", "Mutiara")]
KINDS = ["known", "known", "known", "unknown", "ambiguous", "rule", "repeat", "repeat_other"]


@st.composite
def sheets(draw):
    rows = draw(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 40), st.sampled_from(["", "UPPKA ",
                                                                                              "Kelompok "])),
                         min_size=1, max_size=24))
    return {"rows": rows, "semicolons": draw(st.booleans()), "signature": draw(st.booleans())}


def layout(spec):
    """The sheet's rows, and what each should come to: (row number, outcome, group, families)."""
    rows = [["LAPORAN R/I/UPPKA KABUPATEN PIDIE"], ["KEADAAN BULAN OKTOBER 2025"],
            ["Nama Kelompok", "Kabupaten", "Kecamatan", "Jml Keluarga Anggota", "Keluarga Hadir"]]
    expected, written, total = [], {}, 0
    for kind, families, prefix in spec["rows"]:
        number = len(rows) + 1
        if kind in ("repeat", "repeat_other") and written:
            group, (first, earlier) = next(iter(written.items()))
            name, subdistrict = REGISTERED[group - 1]
            same = kind == "repeat"
            given = earlier if same else earlier + 1
            rows.append([name, "Pidie", subdistrict or "", str(given), str(earlier // 2)])
            expected.append((number, "duplicate" if same else "refused", group, None))
            total += given
            continue
        if kind in ("known", "repeat", "repeat_other"):
            free = [index for index in range(len(REGISTERED)) if index + 1 not in written]
            if not free:
                kind = "unknown"
            else:
                index = free[0]
                name, subdistrict = REGISTERED[index]
                shown = prefix + name.removeprefix("UPPKA ")
                rows.append([shown, "Pidie", "Kec. " + subdistrict if subdistrict and families % 2 else
                             subdistrict or "", str(families), str(families // 2)])
                written[index + 1] = (number, families)
                expected.append((number, "written", index + 1, families))
                total += families
                continue
        if kind == "unknown":
            rows.append([f"{prefix}Anggrek {number}", "Pidie", "Mutiara", str(families), "0"])
        elif kind == "ambiguous":
            rows.append([prefix + "Melati", "Pidie", "", str(families), "0"])
        else:  # more families attended than the group has
            rows.append(["UPPKA Mawar", "Pidie", "Mutiara", str(families), str(families + 1)])
        expected.append((number, "refused", None, None))
        total += families
    rows.append(["JUMLAH", "", "", str(total), ""])
    named = 1
    if spec["signature"]:
        rows += [["", "", "Sigli, 3 November 2025"], ["", "", "Kepala Bidang KB"]]
        named += 2
    return rows, expected, named


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets())
def test_every_row_of_a_monthly_sheet_is_written_refused_repeated_or_named(tmp_path, spec):
    rows, expected, named = layout(spec)
    groups = tmp_path / "kelompok.csv"
    with groups.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha"]] + [
            [name, "Pidie", subdistrict or "", "jasa"] for name, subdistrict in REGISTERED])
    path = tmp_path / "laporan-pidie.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";" if spec["semicolons"] else ",").writerows(rows)
    database = tmp_path / "hitung.db"
    conn = connect(database)
    try:
        assert import_files(conn, [str(groups)], ImportOptions()).counts["inserted"] == len(REGISTERED)
        report = import_monthly(conn, [str(path)], ImportOptions(skip_invalid=True))
        assert report.counts["inserted"] == sum(1 for _, outcome, _, _ in expected if outcome == "written")
        assert report.counts["duplicates"] == sum(1 for _, outcome, _, _ in expected if outcome == "duplicate")
        assert sorted({error["row"] for error in report.errors}) == [
            number for number, outcome, _, _ in expected if outcome == "refused"]
        assert [warning["row"] for warning in report.warnings] == [
            number for number, outcome, _, _ in expected if outcome == "duplicate"]
        assert len([note for note in report.files[0].notes if "row" in note]) == named
        stored = conn.execute("SELECT group_id, period, families FROM monthly_reports ORDER BY group_id").fetchall()
        assert [tuple(row) for row in stored] == sorted(
            (group, "2025-10", families) for _, outcome, group, families in expected if outcome == "written")
    finally:
        conn.close()
        database.unlink()
