"""A province's registry: output written as it is read, in the same bytes; search served by an index."""

import csv
import io
import json
import sqlite3

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from uppks_cli.domain.groups import GroupFilter, add_group, edit_group, group_rows, list_groups, set_status
from uppks_cli.registry.columns import PUBLIC_FIELDS, SEARCHED_COLUMNS
from uppks_cli.registry.connection import connect
from uppks_cli.registry.migrations import registry_migrations
from uppks_cli.reports import export
from uppks_cli.reports.formats import CHUNK, to_csv, to_json, write_csv_records, write_json_records

KEYS = ("id", "name", "members", "share", "notes")
TRICKY = [
    (1, "UPPKA Mawar", 20, 0.5, None),
    (2, "Ma'rifah \u201cSeulanga\u201d", 0, 12.25, "ketua: Cut Aisyah\nHP 0812"),
    (3, "=HYPERLINK(\"x\")", -3, None, "'=1+2"),
    (4, "}, {\n    \"id\": 9", 5, float("inf"), "\t tab\r"),
    (5, "Kelompok \u00e9\u00e8 \u0130stanbul \U0001f33a", 10**15, -0.0, "@SUM, +1, -2"),
    (6, "", None, 1e-7, "\\ \" \u2028 \x1f"),
]


def as_dicts(rows, keys=KEYS):
    return [dict(zip(keys, row)) for row in rows]


class Watched(io.StringIO):
    """A handle that knows how many records were written, to hold a writer to streaming."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker

    def records(self) -> int:
        return self.getvalue().count(self.marker)


def streamed(count: int, handle: Watched, row=lambda number: (number, "UPPKA Mawar", 20, 0.5, None), ahead=2 * CHUNK):
    """Rows that refuse to be read more than `ahead` past what the handle has been given."""
    for number in range(count):
        if number - handle.records() > ahead:
            raise AssertionError(f"row {number} read while {handle.records()} were written: the rows were gathered")
        yield row(number)


@pytest.mark.parametrize("rows", [[], TRICKY[:1], TRICKY], ids=["empty", "one", "tricky"])
def test_json_records_are_the_bytes_of_json_dumps(rows):
    handle = io.StringIO()
    assert write_json_records(iter(rows), KEYS, handle) == len(rows)
    assert handle.getvalue() == to_json(as_dicts(rows)) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(), st.text(), st.none() | st.text(), st.floats(allow_nan=False)), max_size=5))
def test_json_records_match_json_dumps_for_any_text(rows):
    keys = ("id", "name", "notes", "share")
    handle = io.StringIO()
    write_json_records(rows, keys, handle)
    assert handle.getvalue() == json.dumps(as_dicts(rows, keys), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("rows", [[], TRICKY[:1], TRICKY], ids=["empty", "one", "tricky"])
def test_csv_records_are_the_bytes_of_to_csv(rows):
    handle = io.StringIO()
    assert write_csv_records(iter(rows), KEYS, handle) == len(rows)
    assert handle.getvalue() == to_csv(as_dicts(rows), list(KEYS))


def test_a_formula_is_guarded_in_a_streamed_listing():
    handle = io.StringIO()
    write_csv_records([(1, "=cmd|' /C calc'!A0", -5, 2.5, "'+x")], KEYS, handle)
    assert handle.getvalue().splitlines()[1] == "1,'=cmd|' /C calc'!A0,'-5,2.5,''+x"


def test_listings_are_written_as_they_are_read():
    json_handle = Watched('"id": ')
    assert write_json_records(streamed(5 * CHUNK, json_handle), KEYS, json_handle) == 5 * CHUNK
    csv_handle = Watched("\n")
    assert write_csv_records(streamed(5 * CHUNK, csv_handle), KEYS, csv_handle) == 5 * CHUNK


def export_row(number: int) -> tuple:
    return tuple(number if key == "id" else f"=x{number}" if key == "name" else None for key in PUBLIC_FIELDS)


@pytest.mark.parametrize("writer, marker", [(export.write_csv, "\r\n"), (export.write_json, '{"id"'),
                                            (export.write_jsonl, "\n")])
def test_exports_are_written_as_they_are_read(writer, marker):
    handle = Watched(marker)
    assert writer(streamed(5 * CHUNK, handle, export_row), handle) == 5 * CHUNK


def old_export_csv(groups, delimiter=","):
    """The export as it was written before it streamed: every cell through the guard."""
    from uppks_cli.domain.values import neutralise

    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(PUBLIC_FIELDS)
    for group in groups:
        writer.writerow(["" if group[key] is None else neutralise(group[key]) for key in PUBLIC_FIELDS])
    return handle.getvalue()


def tricky_groups(conn):
    names = ["=SUM(A1)", "+62 812", "-5 Jaya", "@mawar jaya", "'=already", "Ma'rifah", "Caf\u00e9 \u00c9LAN", "100% Organik",
             "a_b Jaya", "UPPKA Mawar", "MAWAR indah", "mawar merah", "\u00e9lan", "Kelompok \u00c9lan", "Bungong Jeumpa 2",
             'Sinar "Baru"', "ab", "x"]
    for number, name in enumerate(names):
        add_group(conn, {"name": name, "district": "Pidie" if number % 2 else "Bireuen", "product_type": "jasa",
                         "subdistrict": "Mutiara" if number % 3 else None, "leader": ["Cut Aisyah", "Salmiah"][number % 2],
                         "product": "Keripik" if number % 4 else "Tikar pandan", "members": str(number + 1),
                         "notes": "ketua pindah, hubungi 0812" if number % 5 == 0 else None, "phone": "+62812345678"
                         if number == 1 else None})


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_csv_export_is_the_bytes_it_was(conn, delimiter):
    tricky_groups(conn)
    handle = io.StringIO()
    export.write_csv(group_rows(conn, GroupFilter(status="all")), handle, delimiter)
    assert handle.getvalue() == old_export_csv(list_groups(conn, GroupFilter(status="all")), delimiter)


def test_group_rows_are_list_groups_as_tuples(conn):
    tricky_groups(conn)
    for redact in (False, True):
        for sort in (None, "-members", "name"):
            chosen = GroupFilter(status="all")
            assert [dict(zip(PUBLIC_FIELDS, row)) for row in group_rows(conn, chosen, sort=sort, redact=redact)] == \
                list(list_groups(conn, chosen, sort=sort, redact=redact))


def test_the_json_export_of_nothing_and_of_one_group(conn):
    handle = io.StringIO()
    assert export.write_json(group_rows(conn, GroupFilter()), handle) == 0
    assert handle.getvalue() == "[]\n"
    add_group(conn, {"name": "UPPKA Mawar \u00e9", "district": "Pidie", "product_type": "jasa"})
    handle = io.StringIO()
    export.write_json(group_rows(conn, GroupFilter()), handle)
    assert json.loads(handle.getvalue()) == list(list_groups(conn, GroupFilter()))
    assert handle.getvalue() == "[\n  " + json.dumps(next(list_groups(conn, GroupFilter())), ensure_ascii=False) \
        + "\n]\n"


def test_list_json_and_csv_on_the_command_line_are_as_before(run, conn):
    tricky_groups(conn)
    groups = list(list_groups(conn, GroupFilter(status="all")))
    assert run("list", "--status", "all", "--format", "json").stdout == to_json(groups) + "\n"
    assert run("list", "--status", "all", "--format", "csv").stdout == to_csv(groups, list(PUBLIC_FIELDS))
    assert run("list", "--search", "nothing like it", "--format", "json").stdout == "[]\n"


def test_a_long_table_shows_the_first_500_and_says_so(run, tmp_path):
    from uppks_cli.bench import write_synthetic_csv

    source = tmp_path / "many.csv"
    write_synthetic_csv(source, 501)
    assert run("import", "--quiet", str(source)).exit_code == 0
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "500 groups" in result.stdout and " 501 " not in result.stdout and " 500 " in result.stdout
    assert result.stderr == ("The first 500 of 501 groups are shown: narrow the list (a district, a product type, "
                             "--search), give --limit, or use --format csv for every one.\n")
    limited = run("list", "--limit", "501")
    assert "501 groups" in limited.stdout and limited.stderr == ""


def test_an_xlsx_export_past_a_sheets_rows_is_refused(run, conn, tmp_path, monkeypatch):
    tricky_groups(conn)
    monkeypatch.setattr(export, "XLSX_MOST_GROUPS", 3)
    result = run("export", "-o", str(tmp_path / "all.xlsx"))
    assert result.exit_code == 1
    assert result.stderr == ("Error: an XLSX sheet holds at most 3 groups; narrow the export (a district, a product "
                             "type), or write CSV: -o FILE.csv.\n")
    assert list(tmp_path.glob("*.xlsx*")) == [] and list(tmp_path.glob(".all.xlsx*")) == []


# --- search ---

SEARCHES = ["a", "ab", "x", "%", "_", "'", "Ma'", "ma'rif", "mawar", "MAWAR IN", "war ind", "100%", "0% o", "a_b",
            "a_b jaya", "caf\u00e9", "CAF\u00c9", "CAF\u00e9 \u00e9lan", "\u00e9lan", "\u00c9LAN", "elan", "lan", '"',
            'r "B', '"baru"', "mutiara", "TIKAR PANDAN", "pindah, hub", "salmiah", "=SUM", "+62", "nothing here",
            "keripik mawar"]


def scanned(conn, text: str) -> list[int]:
    """The groups today's plain LIKE finds, read one by one."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    where = " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in SEARCHED_COLUMNS)
    return [row[0] for row in conn.execute(f"SELECT id FROM groups WHERE {where} ORDER BY id",
                                           [pattern] * len(SEARCHED_COLUMNS))]


def test_the_indexed_search_finds_what_the_scan_finds(conn):
    tricky_groups(conn)
    for text in SEARCHES:
        assert [group["id"] for group in list_groups(conn, GroupFilter(search=text, status="all"))] == \
            scanned(conn, text), text


def test_a_search_of_three_characters_or_more_uses_the_index(conn):
    from uppks_cli.registry.groups import _where

    def plan(text):
        where, params = _where(conn, GroupFilter(search=text))
        return " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM groups{where}", params))

    assert "groups_search" in plan("maw") and "groups_search" not in plan("ma")


def test_the_search_index_follows_every_change(conn, tmp_path, run):
    tricky_groups(conn)
    group_id, _ = add_group(conn, {"name": "UPPKA Seulanga", "district": "Pidie", "product_type": "jasa"})
    edit_group(conn, group_id, {"name": "UPPKA Cempaka", "notes": "pindah ke Sigli"})
    set_status(conn, group_id, active=False, reason="bubar")
    source = tmp_path / "batch.csv"
    source.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Ketua\nUPPKA Teratai,Pidie,jasa,Rosmawati\n"
                      "UPPKA Mawar,Bireuen,jasa,Nurhayati\n", encoding="utf-8")
    assert run("import", "--quiet", "--on-existing", "update", str(source)).exit_code == 0
    for text in ("seulanga", "cempaka", "sigli", "teratai", "rosmawati", "nurhayati", "mawar"):
        assert [group["id"] for group in list_groups(conn, GroupFilter(search=text, status="all"))] == \
            scanned(conn, text), text
    conn.execute("INSERT INTO groups_search (groups_search) VALUES ('integrity-check')")
    batch = conn.execute("SELECT max(id) FROM import_batches").fetchone()[0]
    assert run("undo-import", str(batch), "--yes").exit_code == 0
    for text in ("teratai", "rosmawati", "nurhayati", "mawar"):
        assert [group["id"] for group in list_groups(conn, GroupFilter(search=text, status="all"))] == \
            scanned(conn, text), text
    conn.execute("INSERT INTO groups_search (groups_search) VALUES ('integrity-check')")


def test_the_index_is_filled_for_the_groups_of_an_older_file(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "v5.db"
    raw = sqlite3.connect(path, isolation_level=None)
    registry_migrations.apply(Database(raw), stop_before="m008_search_and_recent_change_indexes")
    raw.execute("PRAGMA user_version = 5")
    raw.execute("INSERT INTO groups (name, name_key, district_code, product_type, leader, created_at, updated_at) "
                "VALUES ('UPPKA Mawar', 'mawar', '11.07', 'anyaman', 'Cut Aisyah', '2025-01-01T00:00:00Z', "
                "'2025-01-01T00:00:00Z')")
    raw.close()
    conn = connect(path)
    assert [group["name"] for group in list_groups(conn, GroupFilter(search="aisyah"))] == ["UPPKA Mawar"]
    conn.execute("INSERT INTO groups_search (groups_search) VALUES ('integrity-check')")
    columns = [row[1] for row in conn.execute("PRAGMA table_info(groups_search)")]
    assert tuple(columns) == SEARCHED_COLUMNS
    conn.close()


def test_a_group_inserted_and_changed_in_one_import_is_found_by_its_new_words(run, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Keterangan\nUPPKA Mawar,Pidie,jasa,catatan lama\n"
                     + "".join(f"UPPKA Kenanga {n},Pidie,jasa,\n" for n in range(1500)), encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Keterangan\nUPPKA Mawar,Pidie,jasa,catatan baru\n",
                      encoding="utf-8")
    assert run("import", "--quiet", str(first), str(second)).exit_code == 0
    found = {text: run("count", "--search", text).stdout for text in ("catatan baru", "catatan lama", "kenanga 149")}
    assert found == {"catatan baru": "1\n", "catatan lama": "0\n", "kenanga 149": "11\n"}
    assert run("check", "-f", "json").exit_code == 0


def _oddities(conn):
    """Values only another tool writes into a registry: real numbers, NUL, text in a number's column."""
    tricky_groups(conn)
    with conn:
        conn.execute("UPDATE groups SET members = members + 0.5 WHERE id = 2")
        conn.execute("UPDATE groups SET capital = 0.30000000000000004, turnover = 1e20 WHERE id = 3")
        conn.execute("UPDATE groups SET notes = 'nul' || char(0) || 'after', product = '100%s %d' WHERE id = 4")
        conn.execute("UPDATE groups SET founded_year = '=1+1', village = 'a;b|c' WHERE id = 5")
        conn.execute("UPDATE groups SET founded_year = -7, leader = 'line\rbreak' WHERE id = 6")
        conn.execute("UPDATE groups SET district_code = '=99', product = '\u2028 \x01' WHERE id = 7")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_lines_sqlite_writes_are_the_bytes_python_writes(conn, delimiter):
    from uppks_cli.domain.groups import GroupTexts
    from uppks_cli.reports.formats import listing_cell, write_csv_texts

    _oddities(conn)
    for redact in (False, True):
        for sort, limit in ((None, None), ("-members", 5), ("name", None)):
            chosen = GroupFilter(status="all")
            source = GroupTexts(conn, chosen, sort=sort, limit=limit, redact=redact)
            rows = list(group_rows(conn, chosen, sort=sort, limit=limit, redact=redact))
            for cell, ends in ((export.export_cell, "\r\n"), (listing_cell, "\n")):
                fast, slow = io.StringIO(), io.StringIO()
                assert write_csv_texts(source, PUBLIC_FIELDS, fast, cell, delimiter, ends) == len(rows)
                write_csv_records(rows, PUBLIC_FIELDS, slow, cell, delimiter, ends)
                assert fast.getvalue() == slow.getvalue()
            for writer in (export.write_json, export.write_jsonl):
                fast, slow = io.StringIO(), io.StringIO()
                writer(source, fast)
                writer(rows, slow)
                assert fast.getvalue() == slow.getvalue()
            fast, slow = io.StringIO(), io.StringIO()
            from uppks_cli.reports.formats import write_json_texts
            write_json_texts(source, PUBLIC_FIELDS, fast)
            write_json_records(rows, PUBLIC_FIELDS, slow)
            assert fast.getvalue() == slow.getvalue()


def test_the_lines_of_a_province_are_checked_a_chunk_at_a_time_and_still_exact(conn):
    from uppks_cli.domain.groups import GroupTexts

    rows = [(f"UPPKA {number}", "Pidie", "jasa", str(number % 40 + 1)) for number in range(CHUNK * 2 + 7)]
    for number, name in ((5, "=SUM(A1)"), (CHUNK + 3, "a, b"), (CHUNK * 2 + 1, 'say "hi"')):
        rows[number] = (name, *rows[number][1:])
    for name, district, product_type, members in rows:
        add_group(conn, {"name": name, "district": district, "product_type": product_type, "members": members})
    fast, slow = io.StringIO(), io.StringIO()
    export.write_csv(GroupTexts(conn, GroupFilter()), fast)
    export.write_csv(group_rows(conn, GroupFilter()), slow)
    assert fast.getvalue() == slow.getvalue()
    assert "\r\n6,'=SUM(A1),11.07," in fast.getvalue() and f'\r\n{CHUNK + 4},"a, b",' in fast.getvalue()


def test_papers_by_district_read_from_the_running_totals_are_a_recount(conn):
    from uppks_cli.domain.coaching import FOOD_PRODUCT_TYPE
    from uppks_cli.registry.coaching import legality_by_district
    from uppks_cli.registry.totals import differences

    for number in range(12):
        add_group(conn, {"name": f"UPPKA Uji {number}", "district": ["Pidie", "Bireuen", "Aceh Besar"][number % 3],
                         "product_type": "makanan" if number % 2 else "jasa",
                         "nib": f"{number:013d}" if number % 4 else None,
                         "pirt": f"{number:015d}" if number % 3 == 1 else None,
                         "halal": "ID00410000123450123" if number == 5 else None})
    edit_group(conn, 2, {"nib": "", "pirt": "2" * 15})
    edit_group(conn, 6, {"district": "Pidie", "halal": "ID00410000123450666"})
    set_status(conn, 4, active=False)
    assert differences(conn) == []
    for chosen in (GroupFilter(), GroupFilter(status="all"), GroupFilter(district_codes=["11.07"]),
                   GroupFilter(status="inactive"), GroupFilter(product_types=["makanan"])):
        assert chosen.totals_answer()
        where, params = chosen.where()
        read = {row[0]: tuple(row[1:]) for row in conn.execute(
            "SELECT district_code, count(*), count(nib), sum(product_type = ?), sum(product_type = ? AND pirt IS NOT "
            f"NULL), sum(product_type = ? AND halal IS NOT NULL) FROM groups{where} GROUP BY district_code",
            [FOOD_PRODUCT_TYPE] * 3 + params)}
        assert legality_by_district(conn, chosen, FOOD_PRODUCT_TYPE) == read
    # Pidie: four active groups (one moved in), three with NIB, two of food, none with P-IRT, one halal
    assert legality_by_district(conn, GroupFilter(), FOOD_PRODUCT_TYPE)["11.07"] == (4, 3, 2, 0, 1)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.text(max_size=12), st.binary(max_size=4)), st.text(max_size=6),
                          st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=False),
                                    st.text(max_size=4), st.binary(max_size=3)),
                          st.one_of(st.none(), st.integers(0, 2**63 - 1), st.floats(min_value=0))),
                min_size=1, max_size=4),
       st.sampled_from([",", ";", "\t", "|"]))
@example(values=[("", "", "\x00", None)], delimiter=",")  # a NUL in a number's column: printf ends there
@example(values=[("a\x00b", "", 1.5, 2.5)], delimiter=";")
@example(values=[(b"abc", "", b"\x00\xff", None)], delimiter=",")  # bytes: shown as a blob, x'616263'
def test_whatever_another_tool_stored_sqlite_writes_the_bytes_python_writes(tmp_path_factory, values, delimiter):
    """Any text in a text column, any number or text in a number's column: the lines SQLite writes,
    or the lines it leaves to Python, are the bytes Python writes from the values."""
    from uppks_cli.domain.groups import GroupTexts
    from uppks_cli.reports.formats import listing_cell, write_csv_texts, write_json_texts

    conn = connect(tmp_path_factory.mktemp("any") / "any.db")
    try:
        for number, (notes, leader, founded_year, members) in enumerate(values, start=1):
            add_group(conn, {"name": f"UPPKA Mawar {number}", "district": "Pidie", "product_type": "jasa"})
            with conn:
                conn.execute("UPDATE groups SET notes = ?, leader = ?, founded_year = ?, members = ? WHERE id = ?",
                             (notes, leader, founded_year, members, number))
        source = GroupTexts(conn, GroupFilter(status="all"))
        rows = list(group_rows(conn, GroupFilter(status="all")))
        for cell, ends in ((export.export_cell, "\r\n"), (listing_cell, "\n")):
            fast, slow = io.StringIO(), io.StringIO()
            write_csv_texts(source, PUBLIC_FIELDS, fast, cell, delimiter, ends)
            write_csv_records(rows, PUBLIC_FIELDS, slow, cell, delimiter, ends)
            assert fast.getvalue() == slow.getvalue()
        for pretty in (True, False):
            fast, slow = io.StringIO(), io.StringIO()
            write_json_texts(source, PUBLIC_FIELDS, fast, pretty=pretty, array=pretty)
            if pretty:
                write_json_records(rows, PUBLIC_FIELDS, slow)
            else:
                export.write_jsonl(rows, slow)
            assert fast.getvalue() == slow.getvalue()
    finally:
        conn.close()


def test_a_group_removed_between_the_two_reads_of_a_chunk_is_left_out_whole():
    """The lines SQLite leaves to Python are read again by number: a group an undo-import removed in
    between is not written, and not counted, rather than breaking the file."""
    from uppks_cli.reports.formats import write_csv_texts, write_json_texts

    class Gone:
        def texts(self, pieces, as_json):
            return [(1, None), (2, pieces[0] + "2" + pieces[1] + ('"Mawar"' if as_json else "Mawar") + pieces[2])]

        def rows_of(self, ids):
            return {}

    keys = ("id", "name")
    csv_out, json_out = io.StringIO(), io.StringIO()
    assert write_csv_texts(Gone(), keys, csv_out) == 1
    assert write_json_texts(Gone(), keys, json_out) == 1
    assert json.loads(json_out.getvalue()) == [{"id": 2, "name": "Mawar"}]
    assert csv_out.getvalue() == "id,name\n2,Mawar\n"


def test_bytes_another_program_stored_are_shown_as_a_blob_in_every_export(run, conn, tmp_path):
    from openpyxl import load_workbook

    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "jasa"})
    with conn:
        conn.execute("UPDATE groups SET village = x'616263', members = x'00ff' WHERE id = 1")
    csv_text = run("export", "-o", "-", "--format", "csv").stdout
    assert ",x'616263'," in csv_text and ",x'00FF'," in csv_text
    for output in ("json", "jsonl"):
        text = run("export", "-o", "-", "--format", output).stdout
        record = json.loads(text)[0] if output == "json" else json.loads(text.splitlines()[0])
        assert (record["village"], record["members"]) == ("x'616263'", "x'00FF'")
    assert run("export", "-o", str(tmp_path / "x.xlsx")).exit_code == 0
    sheet = load_workbook(tmp_path / "x.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert (sheet.cell(2, header.index("village") + 1).value, sheet.cell(2, header.index("members") + 1).value) == (
        "x'616263'", "x'00FF'")
