import csv
import io
import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppks_cli.domain.groups import GroupFilter, add_group, set_status
from uppks_cli.domain.values import neutralise
from uppks_cli.importing import import_files
from uppks_cli.registry.connection import connect
from uppks_cli.reports.export import export_to
from uppks_cli.reports.summary import summarise

FIXTURES = Path(__file__).parent / "fixtures"
COMPARED = ("name", "district_code", "subdistrict", "subdistrict_code", "village", "village_code", "product_type",
            "product", "members", "members_pus", "members_kb", "leader", "phone", "founded_year", "capital",
            "turnover", "status", "inactive_reason", "notes")


def registry_content(conn):
    groups = sorted(tuple(row[c] for c in COMPARED) for row in conn.execute("SELECT * FROM groups"))
    summaries = [summarise(conn, by, GroupFilter(status="all")) for by in (("district",), ("product_type",))]
    return groups, summaries


def round_trip(conn, tmp_path, export_format, name="export"):
    target = tmp_path / f"{name}.{export_format}"
    export_to(conn, GroupFilter(status="all"), str(target), export_format, force=True)
    fresh = connect(tmp_path / f"{name}-{export_format}.db")
    try:
        report = import_files(fresh, [str(target)])
        assert (report.counts["invalid"], report.files[0].notes) == (0, [])
        return registry_content(fresh)
    finally:
        fresh.close()
        (tmp_path / f"{name}-{export_format}.db").unlink()


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json", "jsonl"])
def test_export_imports_back_as_the_same_groups(conn, tmp_path, export_format):
    import_files(conn, [str(FIXTURES / "district-sheets.xlsx"), str(FIXTURES / "records.json")])
    assert round_trip(conn, tmp_path, export_format) == registry_content(conn)


hostile_text = st.text(alphabet=string.ascii_letters + string.digits + " '\",;=+-@\t\u2019éñ", min_size=1, max_size=25)


@st.composite
def group_rows(draw):
    members = draw(st.integers(0, 500))
    pus = draw(st.integers(0, members))
    return {
        # a tab inside a name is refused (test_rules), around it trimmed
        "name": draw(hostile_text.filter(lambda text: text.strip() and any(c.isalnum() for c in text)
                                         and "\t" not in text)),
        "district": draw(st.sampled_from(["Pidie", "Aceh Besar", "11.71", "Abdya", "Kota Langsa"])),
        "product_type": draw(st.sampled_from(["makanan", "anyaman", "jasa", "kerajinan"])),
        "product": draw(st.one_of(st.none(), hostile_text)),
        "members": members, "members_pus": pus, "members_kb": draw(st.integers(0, pus)),
        "leader": draw(st.one_of(st.none(), hostile_text)),
        "capital": draw(st.one_of(st.none(), st.integers(0, 10**10))),
        "notes": draw(st.one_of(st.none(), hostile_text)),
        "active": draw(st.booleans()),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(group_rows(), min_size=1, max_size=6))
def test_round_trip_holds_for_hostile_text(tmp_path, rows):
    conn = connect(tmp_path / "source.db")
    try:
        added = set()
        for index, row in enumerate(rows):
            row = dict(row)
            active = row.pop("active")
            row["name"] = f"{row['name']} {index}"  # each its own group
            group_id, _ = add_group(conn, {k: v for k, v in row.items() if v is not None})
            added.add(group_id)
            if not active:
                set_status(conn, group_id, active=False, reason="bubar")
        expected = registry_content(conn)
        for export_format in ("csv", "xlsx", "jsonl"):
            assert round_trip(conn, tmp_path, export_format, name="hostile") == expected
    finally:
        conn.close()
        (tmp_path / "source.db").unlink()


def test_formula_text_is_neutralised_in_csv_and_inert_in_xlsx(conn, tmp_path):
    from openpyxl import load_workbook

    add_group(conn, {"name": "=HYPERLINK(\"http://x\",\"klik\")", "district": "Pidie", "product_type": "jasa",
                     "product": "+62 hotline", "leader": "@ketua", "notes": "-5 anggota", "members": "12"})
    csv_path, xlsx_path = tmp_path / "e.csv", tmp_path / "e.xlsx"
    export_to(conn, GroupFilter(), str(csv_path), "csv")
    export_to(conn, GroupFilter(), str(xlsx_path), "xlsx")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        row = list(csv.DictReader(handle))[0]
    assert (row["name"], row["product"], row["leader"], row["notes"], row["members"]) == (
        "'=HYPERLINK(\"http://x\",\"klik\")", "'+62 hotline", "'@ketua", "'-5 anggota", "12")
    sheet = load_workbook(xlsx_path).active
    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert [cell.data_type for cell in cells if cell.data_type == "f"] == []
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]]))
    assert (values["name"], values["members"], values["district_code"]) == (
        "=HYPERLINK(\"http://x\",\"klik\")", 12, "11.07")


def test_neutralise_adds_one_apostrophe_that_import_removes():
    from uppks_cli.domain.values import restore_neutralised

    for text in ["=1+1", "'=1+1", "''@x", "-", "\tx", "Mawar", "'Mawar", "it's"]:
        assert restore_neutralised(neutralise(text)) == text
    assert neutralise("Mawar") == "Mawar" and neutralise(12) == 12


def test_redact_blanks_personal_data(conn, tmp_path):
    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "jasa", "leader": "Nurhayati",
                     "phone": "081234567890", "notes": "Ketua: Nurhayati", "members": "20"})
    out = io.StringIO()
    export_to(conn, GroupFilter(), None, "json", redact=True, stdout=out)
    group = json.loads(out.getvalue())[0]
    assert (group["leader"], group["phone"], group["notes"], group["name"], group["members"]) == (
        None, None, None, "UPPKA Mawar", 20)


def test_export_cli_files_stdout_and_refusals(run, tmp_path):
    run("add", "--name", "UPPKA Ma\u2019rifah", "--district", "Pidie", "--product-type", "jasa", "--members", "7")
    run("add", "--name", "UPPKA Melati", "--district", "Bireuen", "--product-type", "makanan")
    target = tmp_path / "kelompok.csv"
    result = run("export", "pidie", "-o", str(target), "--delimiter", ";")
    assert (result.exit_code, result.stderr) == (0, f"1 group written to {target} (csv).\n")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;name;district_code;district;")
    assert "UPPKA Ma\u2019rifah;11.07;Pidie" in raw.decode("utf-8-sig")
    again = run("export", "-o", str(target))
    assert (again.exit_code, again.stderr) == (
        1, f"Error: {target} already exists; add --force to replace it, or choose another name.\n")
    assert run("export", "-o", str(target), "--force").exit_code == 0
    stdout = run("export", "--format", "jsonl")
    assert [json.loads(line)["name"] for line in stdout.stdout.splitlines()] == ["UPPKA Ma\u2019rifah", "UPPKA Melati"]
    assert not run("export").stdout.startswith("\ufeff")
    refused = run("export", "--format", "xlsx")
    assert refused.stderr == "Error: an XLSX export needs a file: add -o FILE.xlsx.\n"
    xlsx = run("export", "-o", str(tmp_path / "k.xlsx"))
    assert xlsx.stderr == f"2 groups written to {tmp_path / 'k.xlsx'} (xlsx).\n"


def test_a_spreadsheet_that_turned_codes_into_numbers_still_imports(conn, tmp_path):
    """Excel and LibreOffice read 11.10 (Aceh Singkil) as the number 11.1; the name column decides."""
    add_group(conn, {"name": "UPPKA Singkil", "district": "Aceh Singkil", "product_type": "anyaman"})
    target = tmp_path / "e.csv"
    export_to(conn, GroupFilter(), str(target), "csv")
    damaged = target.read_text(encoding="utf-8-sig").replace(",11.10,", ",11.1,")
    assert ",11.1,Aceh Singkil," in damaged
    target.write_text(damaged, encoding="utf-8-sig")
    fresh = connect(tmp_path / "fresh.db")
    report = import_files(fresh, [str(target)])
    assert (report.counts["inserted"], report.counts["invalid"]) == (1, 0)
    assert fresh.execute("SELECT district_code FROM groups").fetchone()[0] == "11.10"


def test_an_export_whose_code_and_name_of_district_disagree_is_refused_naming_both(run, tmp_path):
    """An export carries the district as code and as name, and the name is read; a whole code that
    names another district (the code edited, the name not) is refused rather than silently passed
    over, in a groups and in a monthly export alike. A code Excel cut short (11.1) says nothing."""
    assert run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    assert run("add", "--name", "UPPKA Singkil", "--district", "Aceh Singkil", "--product-type", "jasa").exit_code == 0
    assert run("monthly", "add", "1", "--period", "2026-10", "--families", "12").exit_code == 0
    groups, reports = tmp_path / "kelompok.csv", tmp_path / "laporan.csv"
    assert run("export", "-o", str(groups)).exit_code == 0
    assert run("monthly", "export", "-o", str(reports)).exit_code == 0
    for path in (groups, reports):
        text = path.read_text(encoding="utf-8-sig")
        path.write_text(text.replace(",11.07,Pidie,", ",11.06,Pidie,").replace(",11.10,", ",11.1,"),
                        encoding="utf-8-sig")
    message = "the district code '11.06' is Aceh Besar, but the district column says Pidie; correct one of the two."
    refused = json.loads(run("import", str(groups), "-f", "json", "-q").stdout)
    assert (refused["invalid"], refused["unchanged"], [(e["row"], e["column"], e["message"]) for e in refused["errors"]]
            ) == (1, 1, [(2, "district", message)])
    monthly = json.loads(run("monthly", "import", str(reports), "-f", "json", "-q").stdout)
    assert (monthly["invalid"], [(e["row"], e["message"]) for e in monthly["errors"]]) == (1, [(2, message)])
    indonesian = run("--lang", "id", "import", str(groups), "-q", "-f", "json")
    assert json.loads(indonesian.stdout)["errors"][0]["message"] == (
        "kode kabupaten '11.06' adalah Aceh Besar, tetapi kolom kabupaten menyebut Pidie; betulkan salah satunya.")


@pytest.mark.parametrize("command", [("export",), ("monthly", "export"), ("activity", "export")])
def test_an_export_format_the_file_name_contradicts_is_refused(run, tmp_path, command):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    target = tmp_path / "daftar.xlsx"
    refused = run(*command, "-o", str(target), "--format", "csv")
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: {target} ends in .xlsx, but --format says csv: the file would not be what its name promises. "
        "Leave out --format, or name the file for that format.\n"))
    assert not target.exists()
    # another ending is the format's to choose, and a name that is only an ending takes its format
    assert run(*command, "-o", str(tmp_path / "daftar.txt"), "--format", "json").exit_code == 0
    written = json.loads((tmp_path / "daftar.txt").read_text(encoding="utf-8"))
    assert [row["name"] for row in written] == (["UPPKA Mawar"] if command == ("export",) else [])
    assert run(*command, "-o", str(tmp_path / ".xlsx")).exit_code == 0
    assert (tmp_path / ".xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("command", [("export",), ("monthly", "export"), ("activity", "export")])
def test_an_ending_in_capitals_chooses_the_format_as_in_lower_case(run, tmp_path, command):
    # DAFTAR.XLSX (as Windows shows names) was written as CSV, a file Excel refuses to open
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    target = tmp_path / "DAFTAR.XLSX"
    assert run(*command, "-o", str(target)).exit_code == 0
    assert target.read_bytes()[:2] == b"PK"
    refused = run(*command, "-o", str(tmp_path / "LAIN.XLSX"), "--format", "csv")
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: {tmp_path / 'LAIN.XLSX'} ends in .xlsx, but --format says csv: the file would not be what its name "
        "promises. Leave out --format, or name the file for that format.\n"))
