"""`uppks activity import` and `uppks activity export`: a district office's log of coaching
activities in, every activity out again, and the round trip exact."""

import json
import os
import sqlite3
from pathlib import Path

import pytest
from test_monthly_import import PIDIE_GROUPS, write_csv

FIXTURES = Path(__file__).parent / "fixtures"
WORKBOOK = str(FIXTURES / "activity-pidie-tw3-2026.xlsx")
KEYS = ("group_id", "date", "kind", "topic", "by", "attended", "amount", "partner")
IMPORTED = [(1, "2026-07-14", "visit", "Pembukuan sederhana", "Nurlela", 14, None, None),
            (2, "2026-08-05", "training", "Pengemasan produk", "Nurlela, Rahmat", 12, None, None),
            (3, "2026-08-20", "capital", "KUR mikro", None, None, 10_000_000, "BSI"),
            (4, "2026-09-15", "certification", "Pendampingan P-IRT", "PLKB Delima", 8, None, None)]


@pytest.fixture
def pidie(run):
    for name, subdistrict in PIDIE_GROUPS:
        result = run("add", "--name", name, "--district", "Pidie", "--product-type", "makanan", "--subdistrict",
                     subdistrict)
        assert result.exit_code == 0, result.stderr


def activities(run, *terms):
    rows = json.loads(run("activity", "list", *terms, "-f", "json").stdout)
    return [tuple(row[key] for key in KEYS) for row in rows]


def papers(run, group_id):
    shown = json.loads(run("show", str(group_id), "-f", "json").stdout)
    return tuple(shown[key] for key in ("nib", "nib_date", "pirt", "pirt_date", "halal"))


def test_a_district_workbook_is_refused_whole_and_says_why_for_every_row(run, pidie):
    refused = run("activity", "import", WORKBOOK, "-f", "json")
    report = json.loads(refused.stdout)
    assert (refused.exit_code, report["written"], report["inserted"], report["updated"], report["duplicates"],
            report["invalid"]) == (1, False, 4, 1, 1, 5)
    assert activities(run) == [] and papers(run, 4) == (None, None, None, None, None)
    assert [(e["row"], e["column"], e["value"], e["message"]) for e in report["errors"]] == [
        (10, "NAMA KELOMPOK", "UPPKA Kenanga", "no registered group in Pidie is named 'UPPKA Kenanga' (closest there: "
         "UPPKA Kenanga Indah, UPPKA Seulanga); correct the name, or register the group first (uppks add, uppks "
         "import)."),
        (11, "JUMLAH (Rp)", "", "a capital activity needs its amount and its partner (amount: -, partner: Baznas); "
         "fill in both cells."),
        (12, "TANGGAL", "31/09/2026", "date: '31/09/2026' is not a date; write 2026-10-12, 12/10/2026 or "
         "\"12 Oktober 2026\"."),
        (13, "JENIS KEGIATAN", "penyuluhan", "kind 'penyuluhan' is not one of visit, training, meeting, exhibition, "
         "capital, certification, partnership, other."),
        (14, "SERTIFIKAT HALAL", "ID11110000123450121", "the 'SERTIFIKAT HALAL' column belongs to a certification "
         "activity, not to the kind visit; write the kind as certification (sertifikasi), or leave the cell empty.")]
    assert [(n["kind"], n.get("row"), n.get("district") or n.get("label") or n.get("text")) for n in
            report["files"][0]["notes"]] == [
        ("note_district_from_title", None, "Pidie"), ("note_column_numbers", 4, None), ("note_totals_row", 15, "JUMLAH"),
        ("note_not_read_line", 17, "Sigli, 30 September 2026"), ("note_not_read_line", 18, "Kepala Bidang KB"),
        ("note_not_read_below", 20, "NAMA PEJABAT"), ("note_not_read_line", 21, "NIP. 19700101 199003 2 001")]
    assert [(w["row"], w["message"]) for w in report["warnings"]] == [
        (9, "this activity (group 1, 2026-07-14, visit: pembukuan sederhana) is already at "
            "activity-pidie-tw3-2026.xlsx[TW III]:5 of this import; added once.")]
    assert refused.stderr.splitlines()[0] == (
        f"{WORKBOOK} [TW III]: activities: 4 added, 1 duplicate (already logged), 5 refused; 1 set a group's papers")
    assert refused.stderr.endswith("Nothing was written: 5 rows were refused. Fix them and import again, or add "
                                   "--skip-invalid to import the rest.\n")


def test_skip_invalid_logs_the_rest_sets_the_papers_and_a_second_import_adds_nothing(run, pidie, tmp_path):
    rejects = tmp_path / "ditolak.csv"
    written = run("activity", "import", WORKBOOK, "--skip-invalid", "--rejects", str(rejects))
    assert written.exit_code == 0, written.stderr
    assert written.stderr.splitlines()[-1] == (
        "Batch 1 written: activities: 4 added; 1 set a group's papers. Undo with: uppks undo-import 1")
    assert activities(run) == IMPORTED
    assert papers(run, 4) == ("9120001234567", "2026-09-15", "206110101012326", "2026-09-15", None)
    history = json.loads(run("history", "4", "-f", "json").stdout)
    assert [(h["action"], h["source"]) for h in history[:2]] == [
        ("imported", "batch 1: activity-pidie-tw3-2026.xlsx[TW III]:8"),
        ("activity", "batch 1: activity-pidie-tw3-2026.xlsx[TW III]:8 activity 4")]
    # the refused rows, as written, with where and why
    lines = rejects.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 6 and lines[1].startswith(f"{WORKBOOK},TW III,10,UPPKA Kenanga,Pidie,Mutiara,2026-08-03,pertemuan,")
    again = run("activity", "import", WORKBOOK, "--skip-invalid", "-f", "json", "-q")
    report = json.loads(again.stdout)
    assert (again.exit_code, report["written"], report["inserted"], report["duplicates"], report["invalid"]) == (
        0, False, 0, 5, 5)
    assert report["warnings"][0]["message"] == (
        "this activity is already logged for group 1 (activity 1); not added again.")
    assert run("activity", "import", WORKBOOK, "--skip-invalid").stderr.splitlines()[-1] == (
        "Nothing to write: every activity in the files is already logged.")
    assert activities(run) == IMPORTED
    imports = json.loads(run("imports", "-f", "json").stdout)
    assert [(b["id"], b["kind"], b["inserted"], b["updated"], b["duplicates"], b["invalid"]) for b in imports] == [
        (1, "activities", 4, 1, 1, 5)]
    assert "kegiatan" in run("--lang", "id", "imports").stdout


def test_undo_removes_the_activities_and_puts_the_papers_back_unless_changed_since(run, pidie):
    assert run("edit", "4", "--nib", "9120009999999", "--nib-date", "2026-01-02").exit_code == 0
    assert run("activity", "import", WORKBOOK, "--skip-invalid").exit_code == 0
    assert run("activity", "add", "2", "--date", "2026-10-01", "--kind", "visit", "--topic", "Cek").exit_code == 0
    assert run("edit", "4", "--pirt", "206110101019999").exit_code == 0
    assert run("undo-import", "1", "--yes").stderr == (
        "Error: batch 1 cannot be undone: the papers it set on 1 group were changed after it (4); undoing would lose "
        "those changes.\n")
    assert run("edit", "4", "--pirt", "206110101012326", "--pirt-date", "2026-09-15").exit_code == 0
    assert run("undo-import", "1", "--yes").stderr == (
        "Batch 1 undone: 4 activities removed, the papers of 1 group restored.\n")
    assert activities(run) == [(2, "2026-10-01", "visit", "Cek", None, None, None, None)]
    assert papers(run, 4) == ("9120009999999", "2026-01-02", None, None, None)
    assert run("undo-import", "1", "--yes").stderr.startswith("Error: batch 1 was already undone at ")
    # the batch's activities can be imported again
    assert run("activity", "import", WORKBOOK, "--skip-invalid", "-q").exit_code == 0
    assert len(activities(run)) == 5


def test_a_groups_import_whose_groups_have_activities_cannot_be_undone(run, tmp_path):
    groups = write_csv(tmp_path / "g.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha"],
                                            ["UPPKA Mawar", "Pidie", "jasa"]])
    assert run("import", groups).exit_code == 0
    assert run("activity", "add", "1", "--date", "2026-10-01", "--kind", "visit", "--topic", "Cek").exit_code == 0
    assert run("undo-import", "1", "--yes").stderr == (
        "Error: batch 1 cannot be undone: 1 of the groups it added has activities logged since (1); undoing would "
        "lose them. Undo the activity imports first, or deactivate the wrong groups instead.\n")


def test_dry_run_map_and_indonesian_words(run, pidie, tmp_path):
    path = write_csv(tmp_path / "lain.csv", [
        ["Kelompok", "Kab", "Tgl", "Jenis Kegiatan", "Judul Materi", "Narasumber", "Nilai", "Lembaga"],
        ["UPPKA Mawar", "Pidie", "12/10/2026", "modal", "KUR", "Bank Aceh", "2,5 jt", "Bank Aceh Syariah"],
        ["UPPKA Melati", "Pidie", "13/10/2026", "pameran", "PKK Expo", "", "1.000", ""]])
    result = run("activity", "import", path, "--map", "Judul Materi=topic", "--map", "Narasumber=by", "--dry-run")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}: activities: 1 added, 0 duplicates (already logged), 1 refused; 0 set a group's papers")
    assert "an amount belongs to a capital activity, not to the kind exhibition; write the kind as capital (modal), or " \
           "leave the amount empty." in result.stderr
    dry = run("activity", "import", path, "--map", "Judul Materi=topic", "--map", "Narasumber=by", "--dry-run",
              "--skip-invalid")
    assert dry.stderr.splitlines()[-1] == (
        "Dry run: nothing was written (activities: would add 1; 0 would set a group's papers).")
    assert activities(run) == []
    indonesian = run("--lang", "id", "activity", "import", path, "--map", "Judul Materi=topic", "--skip-invalid")
    assert indonesian.stderr.splitlines()[0] == (
        f"{path}: kegiatan: 1 ditambah, 0 ganda (sudah tercatat), 1 ditolak; 0 mengisi dokumen usaha kelompok")
    assert activities(run) == [(1, "2026-10-12", "capital", "KUR", "Bank Aceh", None, 2_500_000, "Bank Aceh Syariah")]
    wrong = run("activity", "import", path, "--map", "Judul Materi=subject")
    assert wrong.exit_code == 1 and wrong.stderr.startswith(
        "Error: --map: 'subject' in 'Judul Materi=subject' is not a field; use one of name, district, subdistrict, "
        "date, kind, topic, by,")
    assert "Traceback" not in wrong.stderr


def test_the_export_keeps_the_export_guarantees(run, pidie, tmp_path, db_path):
    assert run("activity", "add", "1", "--date", "2026-10-12", "--kind", "visit", "--topic", "=1+1", "--by",
               "Nurlela").exit_code == 0
    target = tmp_path / "kegiatan.csv"
    done = run("activity", "export", "-o", str(target), "--redact")
    assert done.stderr == f"1 activity written to {target} (csv).\n"
    assert target.read_text(encoding="utf-8-sig").splitlines() == [
        "id,group_id,name,district_code,district,subdistrict,date,kind,topic,by,attended,amount,partner",
        "1,1,UPPKA Mawar,11.07,Pidie,Mutiara,2026-10-12,visit,'=1+1,,,,"]
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert run("activity", "export", "-o", str(target)).stderr.startswith("Error: ")
    onto_registry = run("activity", "export", "-o", str(db_path), "--force")
    assert onto_registry.exit_code == 1 and sqlite3.connect(db_path).execute(
        "SELECT count(*) FROM activities").fetchone() == (1,)
    assert json.loads(run("activity", "export", "-f", "json", "--kind", "capital").stdout) == []
    assert json.loads(run("activity", "export", "-f", "json", "--since", "2026-10-13").stdout) == []
    assert json.loads(run("activity", "export", "-f", "json").stdout)[0]["by"] == "Nurlela"


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json", "jsonl"])
def test_an_export_imports_back_as_exactly_the_same_activities(run, tmp_path, export_format):
    for name, district, subdistrict in (("UPPKA Mawar", "Pidie", "Mutiara"), ("UPPKS Mawar", "Pidie", "Delima"),
                                        ("Kelompok Cut Nyak Dhién", "Aceh Besar", None)):
        args = ("--subdistrict", subdistrict) if subdistrict else ()
        assert run("add", "--name", name, "--district", district, "--product-type", "jasa", *args).exit_code == 0
    for group, kind, topic, more in (
            ("1", "visit", "=SUM(A1:A9)", ("--by", "Nurlela", "--attended", "14")),
            ("2", "capital", "KUR mikro", ("--amount", "10 jt", "--partner", "BSI")),
            ("3", "certification", "Pendampingan ‘halal’ 🌺", ()),
            ("3", "other", "+62 812", ("--by", "@ketua"))):
        assert run("activity", "add", group, "--date", "2026-09-01", "--kind", kind, "--topic", topic,
                   *more).exit_code == 0
    before = activities(run)
    target = tmp_path / f"kegiatan.{export_format}"
    assert run("activity", "export", "-o", str(target)).exit_code == 0
    again = json.loads(run("activity", "import", str(target), "-f", "json", "-q").stdout)
    assert (again["inserted"], again["duplicates"], again["invalid"], again["written"]) == (0, 4, 0, False)
    conn = sqlite3.connect(os.environ["UPPKS_DB"])
    conn.execute("DELETE FROM activities")
    conn.commit()
    conn.close()
    report = json.loads(run("activity", "import", str(target), "-f", "json", "-q").stdout)
    assert (report["inserted"], report["invalid"], report["errors"]) == (4, 0, [])
    assert activities(run) == before


ACTIVITY_HEADING = ["Nama Kelompok", "Kabupaten", "Tanggal", "Jenis Kegiatan", "Topik", "Jumlah (Rp)", "Mitra",
                    "NIB"]


def test_the_same_activity_said_otherwise_is_refused_saying_both(run, pidie, tmp_path):
    """Same group, day, kind and topic is one activity: said again alike it is a duplicate (a
    partner's case aside); with another amount, partner or paper it is refused, naming what each
    says, in this file or against what is logged; nothing of either is silently dropped."""
    first = write_csv(tmp_path / "tw3.csv", [
        ACTIVITY_HEADING, ["UPPKA Mawar", "Pidie", "2026-08-20", "modal", "KUR mikro", "10 jt", "BSI", ""],
        ["UPPKA Mawar", "Pidie", "2026-08-20", "modal", "kur MIKRO", "20 jt", "BSI", ""],
        ["UPPKA Melati", "Pidie", "2026-09-15", "sertifikasi", "NIB", "", "", "9120001234567"]])
    refused = run("activity", "import", first, "-f", "json", "-q")
    report = json.loads(refused.stdout)
    assert (refused.exit_code, report["written"], report["inserted"], report["invalid"], report["errors"][0]["row"]
            ) == (1, False, 2, 1, 3)
    assert report["errors"][0]["message"] == (
        "this activity (group 1, 2026-08-20, capital: kur MIKRO) is already at tw3.csv:2 with amount 10,000,000; this "
        "row says amount 20,000,000. If it is another activity, give it another topic; if the one there is wrong, undo "
        "its import and import the corrected file.")
    assert run("activity", "import", first, "--skip-invalid", "-q").exit_code == 0
    again = write_csv(tmp_path / "tw3-lagi.csv", [
        ACTIVITY_HEADING, ["UPPKA Mawar", "Pidie", "2026-08-20", "modal", "KUR mikro", "10 jt", "bsi", ""],
        ["UPPKA Mawar", "Pidie", "2026-08-20", "modal", "KUR mikro", "10 jt", "BRI", ""],
        ["UPPKA Melati", "Pidie", "2026-09-15", "sertifikasi", "NIB", "", "", "9120007654321"]])
    said = run("--lang", "id", "activity", "import", again, "--skip-invalid", "-f", "json", "-q")
    report = json.loads(said.stdout)
    assert (said.exit_code, report["inserted"], report["duplicates"], report["invalid"]) == (0, 0, 1, 2)
    assert [error["message"] for error in report["errors"]] == [
        "kegiatan ini (kelompok 1, 2026-08-20, permodalan: KUR mikro) sudah ada di kegiatan 1 dengan mitra BSI; baris "
        "ini menyebut mitra BRI. Jika ini kegiatan lain, beri topik lain; jika yang sudah ada salah, batalkan "
        "impornya lalu impor berkas yang sudah dibetulkan.",
        "sertifikasi ini sudah ada di kegiatan 2, dan kelompok 2 kini punya NIB 9120001234567; baris ini menyebut NIB "
        "9120007654321. Untuk mengubah dokumen kelompok, pakai `uppks edit 2`."]
    assert [(a["group_id"], a["amount"], a["partner"]) for a in json.loads(run("activity", "list", "-f", "json").stdout)
            ] == [(1, 10_000_000, "BSI"), (2, None, None)]
    assert papers(run, 2)[0] == "9120001234567"


def test_a_row_leaving_the_officer_or_attendance_empty_says_nothing_against_what_is_logged(run, pidie, tmp_path):
    """A redacted export (`by` blanked), or a log without the attendance column, imported again
    gives the same activities: a blank is not another officer or attendance, and is not refused."""
    assert run("activity", "add", "1", "--date", "2026-10-12", "--kind", "visit", "--topic", "Pembukuan", "--by",
               "Nurlela", "--attended", "12").exit_code == 0
    target = tmp_path / "kegiatan.csv"
    assert run("activity", "export", "-o", str(target), "--redact").exit_code == 0
    shorter = write_csv(tmp_path / "tanpa-hadir.csv", [["Nama Kelompok", "Kabupaten", "Tanggal", "Jenis Kegiatan",
                                                        "Topik"], ["UPPKA Mawar", "Pidie", "2026-10-12", "kunjungan",
                                                                   "pembukuan"]])
    for path in (str(target), shorter):
        report = json.loads(run("activity", "import", path, "-f", "json", "-q").stdout)
        assert (report["inserted"], report["duplicates"], report["invalid"]) == (0, 1, 0)
    assert [(a["by"], a["attended"]) for a in json.loads(run("activity", "list", "-f", "json").stdout)] == [
        ("Nurlela", 12)]


def test_refusals_in_indonesian_name_the_kinds_in_indonesian(run, pidie, tmp_path):
    """A sheet writes kunjungan, modal, sertifikasi: the refusals said in Indonesian say the kinds so too,
    not the stored English codes (visit, capital)."""
    path = write_csv(tmp_path / "kegiatan.csv", [
        ["Nama Kelompok", "Kab/Kota", "Tanggal", "Jenis Kegiatan", "Kegiatan", "Jumlah (Rp)", "Mitra", "NIB"],
        ["UPPKA Mawar", "Pidie", "12/10/2026", "kunjungan", "Pembukuan", "5 jt", "", ""],
        ["UPPKA Melati", "Pidie", "13/10/2026", "rapat koordinasi", "Rapat", "", "", ""],
        ["UPPKA Seulanga", "Pidie", "14/10/2026", "pameran", "PKK Expo", "", "", "9120001234567"]])
    result = run("--lang", "id", "activity", "import", path, "-f", "json")
    assert [error["message"] for error in json.loads(result.stdout)["errors"]] == [
        "jumlah (Rp) hanya untuk kegiatan permodalan, bukan kunjungan; tulis jenisnya modal, atau kosongkan "
        "jumlahnya.",
        "jenis 'rapat koordinasi' bukan salah satu dari kunjungan, pelatihan, pertemuan, pameran, permodalan, "
        "sertifikasi, kemitraan, lainnya.",
        "kolom 'NIB' hanya untuk kegiatan sertifikasi, bukan pameran; tulis jenisnya sertifikasi, atau kosongkan "
        "selnya."]
    english = run("activity", "import", path, "-f", "json")
    assert [error["message"] for error in json.loads(english.stdout)["errors"]][1] == (
        "kind 'rapat koordinasi' is not one of visit, training, meeting, exhibition, capital, certification, "
        "partnership, other.")
    twice = write_csv(tmp_path / "dua.csv", [
        ["Nama Kelompok", "Kab/Kota", "Tanggal", "Jenis Kegiatan", "Kegiatan", "Jml Hadir"],
        ["UPPKA Mawar", "Pidie", "12/10/2026", "kunjungan", "Pembukuan", "14"],
        ["UPPKA Mawar", "Pidie", "12/10/2026", "kunjungan", "Pembukuan", "12"]])
    differs = run("--lang", "id", "activity", "import", twice, "-f", "json")
    assert json.loads(differs.stdout)["errors"][0]["message"].startswith(
        "kegiatan ini (kelompok 1, 2026-10-12, kunjungan: Pembukuan) sudah ada di ")
    assert run("--lang", "id", "activity", "add", "1", "--date", "2026-10-12", "--kind", "visit", "--topic", "KUR",
               "--amount", "5 jt").stderr == (
        "Galat: --amount untuk kegiatan permodalan, bukan untuk kunjungan; pakai --kind capital.\n")
