"""Tables as a person sees them at 80 and 120 columns: they fit, and no word is broken."""

import json
import re

import pytest

from uppks_cli.bench import write_synthetic_csv
from uppks_cli.cli.layout import Column, fit, short_headings, table_width
from uppks_cli.domain.reference import districts

LONG_NAME = "UPPKA Kelompok Usaha Bersama Peningkatan Pendapatan Keluarga Sejahtera Seulanga"


@pytest.fixture
def province(run, tmp_path):
    sheet = tmp_path / "aceh.csv"
    write_synthetic_csv(sheet, 300)
    assert run("import", "--quiet", str(sheet)).exit_code == 0
    return json.loads(run("summary", "--by", "district,product-type", "-f", "json").stdout)


def screen(run, monkeypatch, width, *args):
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"[│┃]", line)[1:-1]]


@pytest.mark.parametrize("width", [80, 120])
def test_the_cross_table_fits_with_every_district_and_number_whole(run, monkeypatch, province, width):
    lines = screen(run, monkeypatch, width, "summary", "--by", "district,product-type")
    assert max(len(line) for line in lines) <= width
    by_district = {}
    for line in lines:
        found = cells(line)
        if found and found[0]:
            by_district.setdefault(found[0], []).extend(found[1:])
    codes = list(dict.fromkeys(row["product_type"] for row in province))
    for district in districts():
        rows = [row for row in province if row["district"] == district.name]
        expected = {str(sum(row["groups"] for row in rows)), f"{sum(row['members'] for row in rows):,}"}
        expected |= {str(row["groups"]) for row in rows}
        assert expected <= set(by_district[district.name]), district.name
    total_members = f"{sum(row['members'] for row in province):,}"
    assert total_members in by_district["Total"]
    assert len(by_district["Total"]) == len(codes) + 2  # every product type's total, groups and members


def test_at_80_columns_the_product_types_come_in_a_second_table_with_a_legend(run, monkeypatch, province):
    lines = screen(run, monkeypatch, 80, "summary", "--by", "district,product-type")
    headers = [cells(line) for line in lines if line.startswith("┃") and cells(line)[0]]
    assert headers == [["District", "Groups", "Members", "maka", "anya", "kera", "konv", "pert", "pete"],
                       ["District", "peri", "perd", "jasa", "lain"]]
    legend = " ".join(line.strip() for line in lines[lines.index(next(
        line for line in lines if line.startswith("Product types:"))):])
    assert legend == ("Product types: maka = Processed food & drink; anya = Woven goods; kera = Other crafts; "
                      "konv = Garments & tailoring; pert = Farming & plantations; pete = Livestock; peri = "
                      "Fisheries; perd = Trade; jasa = Services; lain = Other.")


def test_at_120_columns_the_cross_table_is_one_table(run, monkeypatch, province):
    lines = screen(run, monkeypatch, 120, "--lang", "id", "summary", "--by", "district,product-type")
    headers = [cells(line) for line in lines if line.startswith("┃") and cells(line)[0]]
    assert headers == [["Kabupaten/Kota", "Kelompok", "Anggota", "maka", "anya", "kera", "konv", "pert", "pete",
                        "peri", "perd", "jasa", "lain"]]


def test_a_chart_of_two_dimensions_says_what_its_bars_are(run, monkeypatch, province):
    lines = screen(run, monkeypatch, 80, "summary", "--chart", "--by", "district,product-type")
    assert lines[0] == "UPPKA groups by district"
    assert len(lines) == 1 + len(districts())
    pidie = sum(row["groups"] for row in province if row["district"] == "Pidie")
    assert re.fullmatch(rf"Pidie +{pidie} █+[▏▎▍▌▋▊▉]?", next(line for line in lines if line.startswith("Pidie ")))


def test_a_long_name_takes_one_line_and_the_least_needed_columns_go(run, monkeypatch):
    assert run("add", "--name", LONG_NAME, "--district", "Lhokseumawe", "--product-type", "anyaman",
               "--subdistrict", "Muara Dua", "--members", "12").exit_code == 0
    lines = screen(run, monkeypatch, 80, "list")
    assert max(len(line) for line in lines) <= 80
    row = [cells(line) for line in lines if line.startswith("│")]
    assert row == [["1", "UPPKA Kelompok Usaha Ber…", "Lhokseumawe", "Muara Dua", "anyaman", "12"]]
    assert " ".join(line.strip() for line in lines[-2:]) == (
        "Not shown at this width: PUS, PUS on KB. Widen the terminal, or use --format csv for every column.")
    wide = screen(run, monkeypatch, 120, "list")
    assert [cells(line) for line in wide if line.startswith("│")] == [
        ["1", "UPPKA Kelompok Usaha Bersama Peningkatan Pendapatan …", "Lhokseumawe", "Muara Dua",
         "anyaman", "12", "", ""]]


def test_what_changed_wraps_at_spaces_and_no_word_is_broken(run, monkeypatch):
    assert run("add", "--name", LONG_NAME, "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    lines = screen(run, monkeypatch, 60, "history", "1")
    assert max(len(line) for line in lines) <= 60
    changes = " ".join(cells(line)[-1] for line in lines if line.startswith("│"))
    assert LONG_NAME in changes


def test_history_at_80_columns_names_the_format_history_takes_for_every_column(run, monkeypatch):
    # history takes table or json: pointing to --format csv sent the officer to a refusal
    assert run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    lines = screen(run, monkeypatch, 80, "--lang", "id", "history", "1")
    assert " ".join(line.strip() for line in lines[-2:]) == (
        "Tidak tampil pada lebar ini: Sumber. Lebarkan terminal, atau pakai --format json untuk semua kolom.")
    assert run("history", "1", "--format", "json").exit_code == 0


def test_columns_leave_in_the_order_given_and_text_gives_up_width_before_numbers():
    columns = [Column("id", "ID", True, 3), Column("name", "Name", False, 60),
               Column("district", "District", False, 15), Column("members_pus", "PUS", True, 3)]
    shown, widths = fit(columns, 50, drop_order=("members_pus",))
    assert ([column.key for column in shown], widths, table_width(widths)) == (
        ["id", "name", "district"], [3, 22, 15], 50)
    assert fit(columns, 200)[1] == [3, 60, 15, 3]


def test_short_headings_stay_apart():
    assert short_headings(["pertanian", "peternakan", "perikanan", "perdagangan", "jasa", "kerajinan",
                           "kerajinan_kayu"]) == {
        "pertanian": "pert", "peternakan": "pete", "perikanan": "peri", "perdagangan": "perd", "jasa": "jasa",
        "kerajinan": "kerajinan", "kerajinan_kayu": "kerajinan_"}


def test_a_long_file_name_is_shortened_in_its_middle_for_the_progress_bar():
    from uppks_cli.cli.import_view import shortened

    name = "laporan-kelompok-uppka-kabupaten-aceh-utara-november-2026-final-revisi.csv [Aceh Utara]"
    assert shortened(name) == "laporan-ke…visi.csv [Aceh Utara]"
    assert len(shortened(name)) == 32
    assert shortened("pidie.xlsx [Pidie]") == "pidie.xlsx [Pidie]"


def test_messages_at_a_terminal_wrap_between_words(monkeypatch):
    import os

    from uppks_cli.cli.boundary import wrapped

    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((40, 24)))
    text = "laporan-aceh-utara.csv:\n  300000 inserted, 0 updated, 0 unchanged, 0 duplicates, 0 skipped"
    assert wrapped(text) == ("laporan-aceh-utara.csv:\n  300000 inserted, 0 updated, 0\n"
                             "    unchanged, 0 duplicates, 0 skipped")


def test_the_recap_by_kecamatan_at_80_columns_keeps_every_kecamatan_and_heading_whole(run, monkeypatch):
    for name, subdistrict in (("UPPKA Seulanga", "Darul Imarah"), ("UPPKA Melati", "Darul Kamal"),
                              ("UPPKA Mawar", "Krueng Barona Jaya")):
        assert run("add", "--name", name, "--district", "Aceh Besar", "--product-type", "jasa", "--subdistrict",
                   subdistrict, "--founded-year", "2015").exit_code == 0
    assert run("monthly", "add", "1", "--period", "2026-10", "--families", "1250", "--attended", "1200",
               "--members-pus", "980", "--members-kb", "812").exit_code == 0
    lines = screen(run, monkeypatch, 80, "--lang", "id", "recap", "aceh besar", "--period", "2026-10",
                   "--by", "subdistrict")
    assert max(len(line) for line in lines) <= 80
    headings = [cells(line) for line in lines if line.startswith("┃")]
    assert [" ".join(filter(None, words)) for words in zip(*headings)] == [
        "Kabupaten/Kota", "Kecamatan", "Kelompok", "Melapor", "% melapor", "% ber-KB"]
    rows = {cells(line)[1]: cells(line)[2:] for line in lines if line.startswith("│")}
    assert {"Darul Imarah", "Darul Kamal", "Krueng Barona Jaya"} <= set(rows)
    assert rows["Darul Imarah"] == ["1", "1", "100,0", "82,9"]
    assert " ".join(line.strip() for line in lines[-3:]) == (
        "Tidak tampil pada lebar ini: Pertemuan, Keluarga, Hadir, % hadir, PUS, PUS ber-KB, Omzet/bulan (Rp). "
        "Lebarkan terminal, atau pakai --format csv untuk semua kolom.")
