import datetime as dt
import io
import zipfile
from html.parser import HTMLParser

import pytest

from uppks_cli.cli.output import print_bar_chart
from uppks_cli.cli.words import Words
from uppks_cli.domain.groups import GroupFilter, add_group
from uppks_cli.errors import UppksError
from uppks_cli.reports.meeting import parse_since
from uppks_cli.reports.meeting_content import render_markdown, report_data
from uppks_cli.reports.meeting_html import render_html

NOW = dt.datetime(2025, 10, 31, 9, 30)


@pytest.fixture
def small_registry(conn):
    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "anyaman",
                     "members": "20", "members_pus": "15", "members_kb": "12"})
    add_group(conn, {"name": "UPPKA Melati", "district": "Aceh Besar", "product_type": "makanan",
                     "members": "10", "members_pus": "8", "members_kb": "4"})
    conn.execute("UPDATE groups SET created_at = '2025-09-01T08:00:00Z', updated_at = '2025-09-01T08:00:00Z'")
    conn.execute("UPDATE groups SET updated_at = '2025-10-20T10:00:00Z' WHERE id = 2")
    return conn


def test_markdown_report_exact(small_registry, jakarta):
    data = report_data(small_registry, GroupFilter(), dt.date(2025, 10, 1), Words("id"), now=NOW)
    text = render_markdown(data)
    lines = text.splitlines()
    assert lines[:4] == ["# Laporan kelompok UPPKA", "",
                         "Dibuat pada 31 Oktober 2025 pukul 09:30.  ",
                         "Data per 20 Oktober 2025 (perubahan terakhir di daftar).  "]
    assert "| Jumlah | 2 | 30 | 23 | 16 | 69,6 |" in lines
    districts_at = lines.index("## Kelompok UPPKA per kabupaten/kota")
    district_rows = [line for line in lines[districts_at:districts_at + 30] if line.startswith("| ")][1:]
    assert len(district_rows) == 24 and district_rows[-1] == "| **Jumlah** | **2** | **30** | **23** | **16** | **69,6** |"
    assert "| Subulussalam | 0 | 0 | 0 | 0 | - |" in district_rows
    changes_at = lines.index("## Kelompok yang ditambah atau diubah sejak 1 Oktober 2025")
    assert lines[changes_at + 2:lines.index("## Dokumen usaha per kabupaten/kota") - 1] == [
        "| No. | No. kelompok | Nama kelompok | Kabupaten/Kota | Jenis usaha | Anggota | Status | Perubahan "
        "| Diubah (waktu setempat) |",
        "|---:|---|---|---|---|---:|---|---|---|",
        "| 1 | 2 | UPPKA Melati | Aceh Besar | Makanan & Minuman Olahan | 10 | aktif | diubah | 2025-10-20 17:00 |",
    ]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escapes_names(conn):
    hostile = "<script>alert('x')</script> & \"Mawar\""
    add_group(conn, {"name": hostile, "district": "Pidie", "product_type": "anyaman", "members": "5"})
    page = render_html(report_data(conn, GroupFilter(), dt.date(2000, 1, 1), Words("en"), now=NOW))
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert [name for name, _ in parsed.attributes if name in ("src", "href")] == []
    assert "url(" not in page and "@import" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert hostile in "".join(parsed.text)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert parsed.tags.count("svg") == 2
    assert "@page { size: A4;" in page


def test_html_lets_an_over_long_word_break_so_the_columns_after_it_stay_on_the_page(conn):
    long_name = "Panjang" * 10 + " <b>&Mawar"
    add_group(conn, {"name": long_name, "district": "Pidie", "product_type": "anyaman", "members": "5"})
    page = render_html(report_data(conn, GroupFilter(), dt.date(2000, 1, 1), Words("en"), now=NOW))
    assert ("<td>PanjangPanjangP<wbr>anjangPanjangPa<wbr>njangPanjangPan<wbr>jangPanjangPanj<wbr>angPanjang"
            " &lt;b&gt;&amp;Mawar</td>") in page
    parsed = _Collector()
    parsed.feed(page)
    assert long_name in "".join(parsed.text)


def test_xlsx_report_has_every_table_values_and_a_chart(run, tmp_path):
    from openpyxl import load_workbook

    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman", "--members", "20")
    run("add", "--name", "=1+1", "--district", "Bireuen", "--product-type", "jasa", "--members", "3")
    target = tmp_path / "rapat.xlsx"
    result = run("report", "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, f"Report written to {target} (xlsx).\n")
    book = load_workbook(target)
    assert book.sheetnames == ["Summary", "Districts", "Product types", "District x type", "Changes", "Legality",
                               "Attention", "Facilitation"]
    districts = book["Districts"]
    assert districts.freeze_panes == "A3"
    names = [districts.cell(row=row, column=1).value for row in range(3, 27)]
    assert len(names) == 24 and names[0] == "Aceh Selatan" and names[-1] == "Total"
    assert [districts.cell(row=9, column=c).value for c in range(1, 4)] == ["Pidie", 1, 20]
    assert all(cell.data_type != "f" for sheet in book for line in sheet.iter_rows() for cell in line)
    assert book["Changes"].cell(row=3, column=3).value in ("=1+1", "UPPKA Mawar")
    with zipfile.ZipFile(target) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        assert "Districts" in archive.read("xl/charts/chart1.xml").decode()
    again = run("report", "-o", str(target))
    assert again.stderr == f"Error: {target} already exists; add --force to replace it, or choose another name.\n"


def test_report_needs_a_file_and_a_date(run, conn):
    assert run("report").stderr == "Error: a report needs a file: add -o FILE (.xlsx, .html or .md).\n"
    assert run("report", "-o", "x.md", "--since", "kemarin").stderr == (
        "Error: --since: 'kemarin' is not a date; write 2025-10-01, 1/10/2025 (day first) or \"1 Oktober 2025\".\n")
    assert run("report", "-o", "x.md", "--since", "31/2/2026").stderr.startswith("Error: --since: '31/2/2026' is not")


def test_since_takes_the_dates_officers_write():
    import datetime

    from uppks_cli.reports.meeting import parse_since

    assert [parse_since(text) for text in ("28/11/2026", "1-10-2025", "05.03.2026", "2026-11-28",
                                           "28 November 2026", "3 Agu 2024")] == [
        datetime.date(2026, 11, 28), datetime.date(2025, 10, 1), datetime.date(2026, 3, 5),
        datetime.date(2026, 11, 28), datetime.date(2026, 11, 28), datetime.date(2024, 8, 3)]


@pytest.mark.parametrize("text, expected", [
    ("2025-10-01", dt.date(2025, 10, 1)), ("1 Oktober 2025", dt.date(2025, 10, 1)),
    ("16 Mei 2025", dt.date(2025, 5, 16)), ("16 May 2025", dt.date(2025, 5, 16)), ("3 Agu 2024", dt.date(2024, 8, 3)),
    (None, dt.date(2025, 10, 1)),
])
def test_since_dates(text, expected):
    assert parse_since(text, today=dt.date(2025, 10, 31)) == expected


def test_bad_since_date():
    with pytest.raises(UppksError):
        parse_since("31 Februari 2025")


def test_bar_chart_reads_without_colour():
    # 200 columns (conftest) less label, number and spacing leave 185 for the longest bar
    out = io.StringIO()
    lines = [{"district": "Pidie", "groups": 4}, {"district": "Aceh Besar", "groups": 2}, {"district": "Sabang", "groups": 0}]
    print_bar_chart(lines, "district", "Groups", "en", file=out)
    assert out.getvalue().splitlines() == [
        "Groups",
        "Pidie       4 " + "\u2588" * 185,
        "Aceh Besar  2 " + "\u2588" * 92 + "\u258c",
        "Sabang      0 ",
    ]


def test_bar_chart_lines_up_wide_characters_and_cuts_a_label_too_long_for_the_line():
    # an emoji takes two terminal cells: padded by characters, its number and bar stood one column right
    out = io.StringIO()
    lines = [{"label": "Makanan", "groups": 4}, {"label": "Kue 🌸", "groups": 2}, {"label": "Kec" * 70, "groups": 1}]
    print_bar_chart(lines, "label", "Groups", "en", file=out)
    assert out.getvalue().splitlines() == [
        "Groups",
        "Makanan" + " " * 178 + "  4 " + "\u2588" * 10,
        "Kue 🌸" + " " * 179 + "  2 " + "\u2588" * 5,
        ("Kec" * 70)[:184] + "…  1 " + "\u2588" * 2 + "\u258c",
    ]


def test_xlsx_text_longer_than_its_column_wraps_inside_it(run, tmp_path):
    """Printed one page wide, a reason or a name running past its column was cut by the next cell, or
    made the whole sheet print tiny: text that does not fit its column wraps inside it."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    long_name = "UPPKA Ie Mirah Beu'ah Tanoh Rencong Sejahtera Bersama"
    assert run("add", "--name", long_name, "--district", "Pidie Jaya", "--product-type", "makanan", "--founded-year",
               "2016").exit_code == 0
    target = tmp_path / "rapat.xlsx"
    assert run("--lang", "id", "report", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    reason = book["Perhatian"].cell(row=3, column=5)
    assert reason.value.startswith("tidak ada laporan bulanan selama 3 bulan (terakhir: -); tidak ada kegiatan "
                                   "tercatat selama 6 bulan (terakhir: -); kelompok makanan tanpa P-IRT;")
    name = book["Perubahan"].cell(row=3, column=3)
    assert name.value == long_name
    for cell in (reason, name):
        width = book[cell.parent.title].column_dimensions[get_column_letter(cell.column)].width
        assert len(cell.value) > width and cell.alignment.wrap_text
    short = book["Perubahan"].cell(row=3, column=4)
    assert (short.value, short.alignment.wrap_text) == ("Pidie Jaya", None)
