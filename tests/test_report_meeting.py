"""The meeting report as the officer brings it to a meeting: its changes table, its
selection, the letterhead and signature kept as settings, and the XLSX print setup."""

import datetime as dt
import json

import pytest

from uppks_cli.cli.words import Words
from uppks_cli.domain.groups import GroupFilter, add_group, set_status
from uppks_cli.domain.settings import set_setting
from uppks_cli.reports.meeting_content import render_markdown, report_data
from uppks_cli.reports.meeting_html import render_html

NOW = dt.datetime(2025, 10, 31, 9, 30)
SINCE = dt.date(2025, 10, 1)


@pytest.fixture
def changed_registry(conn):
    """Mawar changed, Melati deactivated and Kenanga added since 1 October 2025 (UTC times stored)."""
    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "anyaman",
                     "members": "20", "members_pus": "15", "members_kb": "12"})
    add_group(conn, {"name": "UPPKA Melati", "district": "Aceh Besar", "product_type": "makanan",
                     "members": "10", "members_pus": "8", "members_kb": "4"})
    add_group(conn, {"name": "UPPKA Kenanga", "district": "Bireuen", "product_type": "jasa", "members": "5"})
    set_status(conn, 2, active=False, reason="bubar")
    with conn:
        conn.execute("UPDATE groups SET created_at = '2025-09-01T08:00:00Z', updated_at = '2025-09-01T08:00:00Z'")
        conn.execute("UPDATE groups SET updated_at = '2025-10-20T10:00:00Z' WHERE id = 1")
        conn.execute("UPDATE groups SET updated_at = '2025-10-21T02:30:00Z' WHERE id = 2")
        conn.execute("UPDATE group_history SET at = '2025-10-21T02:30:00Z' WHERE action = 'deactivated'")
        conn.execute("UPDATE groups SET created_at = '2025-10-25T01:05:00Z', updated_at = '2025-10-25T01:05:00Z' "
                     "WHERE id = 3")
    return conn


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 2
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


def test_changes_show_local_times_labels_row_numbers_and_a_deactivated_group(changed_registry, jakarta):
    text = render_markdown(report_data(changed_registry, GroupFilter(), SINCE, Words("id"), now=NOW))
    assert _section(text, "## Kelompok yang ditambah atau diubah sejak 1 Oktober 2025") == [
        "| No. | No. kelompok | Nama kelompok | Kabupaten/Kota | Jenis usaha | Anggota | Status | Perubahan "
        "| Diubah (waktu setempat) |",
        "|---:|---|---|---|---|---:|---|---|---|",
        "| 1 | 3 | UPPKA Kenanga | Bireuen | Jasa | 5 | aktif | baru | 2025-10-25 08:05 |",
        "| 2 | 2 | UPPKA Melati | Aceh Besar | Makanan & Minuman Olahan | 10 | tidak aktif | dinonaktifkan "
        "| 2025-10-21 09:30 |",
        "| 3 | 1 | UPPKA Mawar | Pidie | Anyaman | 20 | aktif | diubah | 2025-10-20 17:00 |",
    ]
    # the deactivated group is among the changes, not in the totals
    assert _section(text, "## Jumlah keseluruhan")[2] == "| Jumlah | 2 | 25 | 15 | 12 | 80,0 |"


def test_changes_in_english(changed_registry, jakarta):
    text = render_markdown(report_data(changed_registry, GroupFilter(), SINCE, Words("en"), now=NOW))
    assert _section(text, "## Groups added or changed since 1 October 2025")[2:] == [
        "| 1 | 3 | UPPKA Kenanga | Bireuen | Services | 5 | active | added | 2025-10-25 08:05 |",
        "| 2 | 2 | UPPKA Melati | Aceh Besar | Processed food & drink | 10 | inactive | deactivated "
        "| 2025-10-21 09:30 |",
        "| 3 | 1 | UPPKA Mawar | Pidie | Woven goods | 20 | active | changed | 2025-10-20 17:00 |",
    ]
    assert _section(text, "## Groups added or changed since 1 October 2025")[0] == (
        "| No. | Group no. | Name | District | Product type | Members | Status | Change | Changed (local time) |")


def test_the_since_date_starts_at_midnight_on_the_laptops_clock(changed_registry, jakarta):
    # 2025-10-20T10:00Z is 17:00 in Aceh: a change on the 20th, not after the 20th's midnight in UTC only
    text = render_markdown(report_data(changed_registry, GroupFilter(), dt.date(2025, 10, 21), Words("en"), now=NOW))
    rows = _section(text, "## Groups added or changed since 21 October 2025")[2:]
    assert [row.split(" | ")[2] for row in rows] == ["UPPKA Kenanga", "UPPKA Melati"]


def test_many_changes_are_counted_by_district_with_the_command_that_lists_them(run, tmp_path, conn):
    for number in range(41):
        district = "Pidie" if number < 20 else "Bireuen"
        add_group(conn, {"name": f"UPPKA Uji {number}", "district": district, "product_type": "anyaman"})
    with conn:
        conn.execute("UPDATE groups SET created_at = '2020-01-01T00:00:00Z' WHERE id IN (1, 41)")
    set_status(conn, 41, active=False)
    target = tmp_path / "rapat.md"
    result = run("report", "pidie", "bireuen", "-o", str(target), "--since", "2021-01-01")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# UPPKA groups: report for Pidie, Bireuen"
    assert _section(text, "## Groups added or changed since 1 January 2021") == [
        "| District | Added | Changed | Deactivated | Groups |",
        "|---|---:|---:|---:|---:|",
        "| Pidie | 19 | 1 | 0 | 20 |",
        "| Bireuen | 20 | 0 | 1 | 21 |",
        "| **Total** | **39** | **1** | **1** | **41** |",
        "41 groups were added or changed since 1 January 2021, more than a report lists, so they are counted by "
        "district here. The full list: uppks list Pidie Bireuen --status all --sort -updated\\_at --limit 41",
    ]
    listed = run("list", "Pidie", "Bireuen", "--status", "all", "--sort", "-updated_at", "--limit", "41",
                 "--format", "json")
    assert sorted(group["name"] for group in json.loads(listed.stdout)) == sorted(
        f"UPPKA Uji {number}" for number in range(41))


def test_a_report_on_one_district_shows_that_district_unless_all_are_asked_for(run, tmp_path, pidie_group):
    run("add", *[f"--{key.replace('_', '-')}={value}" for key, value in pidie_group.items()])
    target = tmp_path / "pidie.md"
    assert run("--lang", "id", "report", "pidie", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# Laporan kelompok UPPKA: Pidie"
    assert _section(text, "## Kelompok UPPKA per kabupaten/kota")[2:] == [
        "| Pidie | 1 | 20 | 15 | 12 | 80,0 |", "| **Jumlah** | **1** | **20** | **15** | **12** | **80,0** |"]
    cross = _section(text, "## Kelompok UPPKA: kabupaten/kota x jenis usaha")
    assert [row.split(" | ")[0] for row in cross[2:]] == ["| Pidie", "| **Jumlah**"]
    every = tmp_path / "semua.md"
    assert run("--lang", "id", "report", "pidie", "-o", str(every), "--all-districts").exit_code == 0
    assert len(_section(every.read_text(encoding="utf-8"), "## Kelompok UPPKA per kabupaten/kota")) == 2 + 23 + 1


def test_a_report_names_every_part_of_its_selection(run, tmp_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman", "--members", "20")
    target = tmp_path / "r.md"
    result = run("--lang", "id", "report", "anyaman", "--subdistrict", "Mutiara", "--search", "maw", "--status", "all",
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").splitlines()[0] == (
        '# Laporan kelompok UPPKA: Anyaman, Kecamatan Mutiara, kelompok dengan "maw", kelompok aktif dan tidak aktif')


def test_settings_round_trip(run, conn):
    assert run("settings", "set", "signature.name", "Dra. Nurlela").stderr == "signature.name set: Dra. Nurlela\n"
    assert run("settings", "set", "KB_Target", "72,5%").stderr == "kb_target set: 72.5\n"
    shown = json.loads(run("settings", "show", "--format", "json").stdout)
    assert {row["setting"]: row["value"] for row in shown if row["value"]} == {
        "signature.name": "Dra. Nurlela", "kb_target": "72.5"}
    assert [row["setting"] for row in shown] == [
        "letterhead.office", "letterhead.unit", "letterhead.address", "letterhead.contact", "signature.place",
        "signature.position", "signature.name", "signature.nip", "kb_target"]
    assert run("settings", "unset", "signature.name").stderr == "signature.name removed.\n"
    assert run("settings", "unset", "signature.name").stderr == "signature.name was not set; nothing changed.\n"
    assert "Dra. Nurlela" not in run("settings").stdout


@pytest.mark.parametrize("args, message", [
    (("set", "tanda.tangan", "x"), "'tanda.tangan' is not a setting; use one of letterhead.office, letterhead.unit, "
     "letterhead.address, letterhead.contact, signature.place, signature.position, signature.name, signature.nip, "
     "kb_target."),
    (("set", "signature.place", " "), "signature.place: give a value; to remove the setting, run "
     "`uppks settings unset signature.place`."),
    (("set", "kb_target", "150"), "kb_target: '150' is not a percentage from 0 to 100; write e.g. 70 or 72,5."),
    (("set", "signature.name", "Nur\nlela"), "signature.name: the value holds a line break or a control character; "
     "write it on one line."),
    (("set", "letterhead.office", "x" * 201), "letterhead.office is 201 characters long; the limit is 200. Shorten it."),
])
def test_a_bad_setting_is_refused_with_one_line(run, conn, args, message):
    result = run("settings", *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert json.loads(run("settings", "show", "-f", "json").stdout)[0]["value"] is None


def _official(conn):
    for name, value in (("letterhead.office", "BKKBN <Perwakilan> Aceh"), ("letterhead.address", "Jl. Contoh & No. 1"),
                        ("signature.place", "Banda Aceh"), ("signature.position", "Kepala Bidang KS"),
                        ("signature.name", "<script>alert('x')</script> *Nur*"), ("signature.nip", "19700101 199503 2 001")):
        set_setting(conn, name, value)


def test_letterhead_and_signature_in_html_are_escaped(conn):
    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "anyaman", "members": "5"})
    _official(conn)
    page = render_html(report_data(conn, GroupFilter(), SINCE, Words("id"), now=NOW))
    assert ('<div class="letterhead"><div class="office">BKKBN &lt;Perwakilan&gt; Aceh</div>'
            '<div class="address">Jl. Contoh &amp; No. 1</div></div>') in page
    assert ('<div class="signature"><div class="place_date">Banda Aceh, 31 Oktober 2025</div>'
            '<div class="position">Kepala Bidang KS</div>'
            '<div class="name">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; *Nur*</div>'
            '<div class="nip">NIP. 19700101 199503 2 001</div></div></body>') in page
    assert "<script>" not in page
    assert '@page { @bottom-center { content: "Halaman " counter(page) " dari " counter(pages);' in page


def test_letterhead_and_signature_in_markdown_are_escaped(conn):
    _official(conn)
    lines = render_markdown(report_data(conn, GroupFilter(), SINCE, Words("en"), now=NOW)).splitlines()
    assert lines[:5] == ["**BKKBN \\<Perwakilan\\> Aceh**  ", "Jl. Contoh & No. 1  ", "", "---", ""]
    assert lines[-6:] == ["Banda Aceh, 31 October 2025  ", "Kepala Bidang KS  ", "  ", "  ",
                          "**\\<script\\>alert('x')\\</script\\> \\*Nur\\***  ", "NIP. 19700101 199503 2 001  "]


def test_without_settings_there_is_no_letterhead_or_signature(conn):
    page = render_html(report_data(conn, GroupFilter(), SINCE, Words("en"), now=NOW))
    assert 'class="letterhead"' not in page and 'class="signature"' not in page and "target" not in page


def test_xlsx_prints_one_page_wide_with_headings_formats_title_signature_and_kb_colours(run, tmp_path, conn):
    from openpyxl import load_workbook

    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "anyaman",
                     "members": "1200", "members_pus": "15", "members_kb": "12"})
    add_group(conn, {"name": "UPPKA Melati", "district": "Pidie", "product_type": "makanan",
                     "members": "10", "members_pus": "8", "members_kb": "4"})
    _official(conn)
    set_setting(conn, "kb_target", "75")
    target = tmp_path / "rapat.xlsx"
    assert run("report", "pidie", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    orientation = {sheet.title: sheet.page_setup.orientation for sheet in book}
    assert orientation == {"Summary": "portrait", "Districts": "landscape", "Product types": "portrait",
                           "District x type": "landscape", "Changes": "landscape", "Legality": "portrait",
                           "Attention": "portrait", "Facilitation": "portrait"}
    for sheet in book:
        assert (sheet.page_setup.paperSize, sheet.sheet_properties.pageSetUpPr.fitToPage) == (9, True), sheet.title
        # one page wide (OOXML's default width of 1 is left unwritten), as many pages down as needed
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.oddFooter.center.text == "Page &P of &N"
    summary = book["Summary"]
    assert [summary.cell(row=row, column=1).value for row in range(1, 10)] == [
        "BKKBN <Perwakilan> Aceh", "Jl. Contoh & No. 1", None, "UPPKA groups: report for Pidie",
        summary["A5"].value, summary["A6"].value,
        "KB % is coloured against the target of 75.0%: green where it is reached, orange below it.", None, "Totals"]
    assert summary.print_title_rows == "$10:$10"
    total_row = [summary.cell(row=11, column=column) for column in range(1, 7)]
    assert [cell.value for cell in total_row] == ["Total", 2, 1210, 23, 16, 69.6]
    assert [cell.number_format for cell in total_row[1:]] == ["#,##0", "#,##0", "#,##0", "#,##0", "0.0"]
    assert total_row[5].fill.fgColor.rgb == "FFFCE4D6"
    assert [summary.cell(row=row, column=4).value for row in range(13, 20)] == [
        "Banda Aceh, " + summary["A5"].value.split(" on ")[1].split(" at ")[0], "Kepala Bidang KS", None, None, None,
        "<script>alert('x')</script> *Nur*", "NIP. 19700101 199503 2 001"]
    districts = book["Districts"]
    assert districts.print_title_rows == "$2:$2"
    assert [districts.cell(row=3, column=c).value for c in range(1, 7)] == ["Pidie", 2, 1210, 23, 16, 69.6]
    products = book["Product types"]
    assert [products.cell(row=row, column=c).value for row in (3, 4) for c in (1, 6)] == [
        "Processed food & drink", 50, "Woven goods", 80]
    assert [products.cell(row=row, column=6).fill.fgColor.rgb for row in (3, 4)] == ["FFFCE4D6", "FFE2EFDA"]
    assert all(cell.data_type != "f" for sheet in book for line in sheet.iter_rows() for cell in line)


def test_xlsx_kb_rate_has_no_colour_without_a_target(run, tmp_path):
    from openpyxl import load_workbook

    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman", "--members", "20",
        "--members-pus", "10", "--members-kb", "5")
    target = tmp_path / "rapat.xlsx"
    assert run("report", "anyaman", "-o", str(target), "--since", "2000-01-01").exit_code == 0
    book = load_workbook(target)
    summary = book["Summary"]
    assert [summary.cell(row=row, column=1).value for row in (1, 4, 5)] == [
        "UPPKA groups: report for Woven goods", None, "Totals"]
    assert summary["F7"].value == 50.0 and summary["F7"].fill.fill_type is None
    # one product type: the cross table is narrow enough for a portrait page
    cross = book["District x type"]
    assert [cross.cell(row=2, column=c).value for c in range(1, 5)] == ["District", "Woven goods", "Groups", "Members"]
    assert cross.page_setup.orientation == "portrait"


@pytest.mark.parametrize("name, extra", [("rapat.pdf", ()), ("rapat.PDF", ("--format", "html")), ("rapat.docx", ())])
def test_a_report_file_named_for_another_format_is_refused(run, conn, tmp_path, name, extra):
    target = tmp_path / name
    result = run("report", "-o", str(target), *extra)
    suffix = target.suffix.lower()
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {target} ends in {suffix}, which is not a report format; name the file with one of .html, .htm, .md, "
        ".markdown, .xlsx (for a PDF, open the .html report in a browser and print it to PDF).\n"))
    assert [path.name for path in tmp_path.iterdir()] == ["registry.db"]


@pytest.mark.parametrize("name, chosen", [("rapat.xlsx", "markdown"), ("rapat.md", "html"), ("rapat.HTM", "xlsx")])
def test_a_format_the_file_name_contradicts_is_refused(run, conn, tmp_path, name, chosen):
    # markdown in a file called .xlsx is a file Excel cannot open
    target = tmp_path / name
    result = run("report", "-o", str(target), "--format", chosen)
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {target} ends in {target.suffix.lower()}, but --format says {chosen}: the file would not be what its "
        "name promises. Leave out --format, or name the file for that format.\n"))
    assert [path.name for path in tmp_path.iterdir()] == ["registry.db"]


def test_a_file_called_only_by_its_ending_is_written_in_that_format(run, conn, tmp_path):
    target = tmp_path / ".html"
    assert run("report", "-o", str(target)).stderr == f"Report written to {target} (html).\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("language, sentence", [
    ("en", "More than 40 groups were added or changed since 1 January 2021, more than a report counts. They "
           "come first, newest first, in: uppks list --status all --sort -updated\\_at"),
    ("id", "Lebih dari 40 kelompok ditambah atau diubah sejak 1 Januari 2021, lebih banyak dari yang dihitung "
           "laporan. Kelompok itu tampil paling atas, yang terbaru dulu, pada: uppks list --status all --sort "
           "-updated\\_at"),
])
def test_past_the_counting_limit_the_changes_are_said_to_be_more_than_it(run, tmp_path, conn, monkeypatch,
                                                                        language, sentence):
    from uppks_cli.reports import meeting_changes

    monkeypatch.setattr(meeting_changes, "CHANGES_COUNTED_AT_MOST", 40)
    for number in range(41):
        add_group(conn, {"name": f"UPPKA Uji {number}", "district": "Pidie", "product_type": "anyaman"})
    data = report_data(conn, GroupFilter(), dt.date(2021, 1, 1), Words(language), now=NOW)
    assert (data["changes"]["count"], data["changes"]["lines"], data["changes"]["beyond"]) == (None, [], 40)
    title = {"en": "## Groups added or changed since 1 January 2021",
             "id": "## Kelompok yang ditambah atau diubah sejak 1 Januari 2021"}[language]
    assert _section(render_markdown(data), title) == [sentence]
    page = render_html(data)
    assert Words(language)("report_no_changes") not in page.split(title[3:])[1].split("<h2>")[0]
    # one more than the limit is still counted by district
    monkeypatch.setattr(meeting_changes, "CHANGES_COUNTED_AT_MOST", 41)
    counted = report_data(conn, GroupFilter(), dt.date(2021, 1, 1), Words(language), now=NOW)["changes"]
    assert (counted["count"], counted["beyond"], counted["total"]["added"]) == (41, None, 41)


def test_the_trend_charts_two_lines_keep_their_names_apart(run, tmp_path):
    """Every group reporting (100 %) and every PUS on KB (100 %): the two lines end at one point,
    and their names, written there, must not lie on each other."""
    import datetime
    import re

    from uppks_cli.domain.monthly import last_month

    assert run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--founded-year",
               "2015").exit_code == 0
    assert run("monthly", "add", "1", "--period", last_month(datetime.date.today()), "--families", "10",
               "--members-pus", "10", "--members-kb", "10").exit_code == 0
    target = tmp_path / "rapat.html"
    assert run("--lang", "id", "report", "-o", str(target)).exit_code == 0
    names = re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="8" fill="#[0-9a-f]+">([^<]+)</text>',
                       target.read_text(encoding="utf-8"))
    assert [name for _, name in names] == ["% melapor", "% ber-KB"]
    assert abs(float(names[0][0]) - float(names[1][0])) >= 9
