import json

import pytest

from uppks_cli.cli import commands_groups as cli
from uppks_cli.registry.connection import connect


def add(run, *extra):
    result = run("add", *extra)
    assert result.exit_code == 0, result.output
    return int(result.stdout)


@pytest.fixture
def filled(run):
    add(run, "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman",
        "--subdistrict", "Mutiara", "--members", "20", "--members-pus", "15", "--members-kb", "12")
    add(run, "--name", "UPPKA Melati", "--district", "Abes", "--product-type", "Makanan olahan",
        "--members", "10", "--members-pus", "8", "--members-kb", "4", "--phone", "812 3456 7890")
    add(run, "--name", "UPPKA Seulanga", "--district", "11.06", "--product-type", "kuliner", "--members", "5")
    return run


def test_add_prints_only_the_new_id(run):
    result = run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("1\n", "")


def test_add_refuses_missing_name_without_prompting_a_script(run):
    result = run("add", "--district", "Pidie", "--product-type", "anyaman")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: name is required but was not given; give it with --name.\n"


def test_add_asks_for_missing_values_in_a_terminal(run, monkeypatch):
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    result = run("add", "--product-type", "anyaman", input="UPPKA Mawar\nPidie Jya\nPidie Jaya\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1\n"
    assert "Error: district: 'Pidie Jya' is not a district of Aceh; did you mean Pidie Jaya?" in result.stderr
    shown = json.loads(run("show", "1", "--format", "json").stdout)
    assert (shown["name"], shown["district"]) == ("UPPKA Mawar", "Pidie Jaya")


def test_add_warning_goes_to_stderr(run):
    result = run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman",
                 "--subdistrict", "Mutiyara")
    assert result.exit_code == 0
    assert result.stdout == "1\n"
    assert result.stderr == (
        "Warning: kecamatan 'Mutiyara' is not in the reference list for Pidie; kept as typed. Did you mean Mutiara?\n"
    )


@pytest.mark.parametrize("args, message", [
    (["--district", "Aceh Besr"], "Error: district: 'Aceh Besr' is not a district of Aceh; did you mean Aceh Besar?\n"),
    (["--district", "1108"], "Error: district: '1108' is ambiguous: as a BPS code it is Aceh Besar, but read as the "
     "Kemendagri code 11.08 it is Aceh Utara. Write the Kemendagri code with its dot (e.g. 11.06) or the district's name.\n"),
    (["--members", "10", "--members-pus", "11"], "Error: members_pus: 11 is more than members (10); PUS members are "
     "counted among all members, so correct one of them.\n"),
    (["--phone", "12345"], "Error: phone: '12345' is not an Indonesian phone number; write it as 0812xxxxxxxx or "
     "+62 812xxxxxxxx.\n"),
    (["--members", "sepuluh"], "Error: members: 'sepuluh' is not a whole number; write it as 25, 1.500.000 or 2,5 jt.\n"),
])
def test_add_refusals_are_one_line_and_write_nothing(run, args, message):
    base = {"--name": "UPPKA Mawar", "--district": "Pidie", "--product-type": "anyaman"}
    for option, value in zip(args[::2], args[1::2]):
        base[option] = value
    result = run("add", *[part for pair in base.items() for part in pair])
    assert result.exit_code == 1
    assert (result.stdout, result.stderr) == ("", message)
    assert run("count").stdout == "0\n"


def test_list_json_has_stable_keys(filled):
    result = filled("list", "--format", "json")
    groups = json.loads(result.stdout)
    assert [g["id"] for g in groups] == [1, 2, 3]
    assert list(groups[1])[:4] == ["id", "name", "district_code", "district"]
    assert (groups[1]["district_code"], groups[1]["district"], groups[1]["product_type"], groups[1]["phone"]) == (
        "11.06", "Aceh Besar", "makanan", "081234567890")


def test_list_csv_and_terms(filled):
    result = filled("list", "aceh", "besar", "--format", "csv", "--sort", "-members")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,name,district_code,district,subdistrict,")
    assert [line.split(",")[1] for line in lines[1:]] == ["UPPKA Melati", "UPPKA Seulanga"]


def test_list_table_in_indonesian(filled):
    result = filled("--lang", "id", "list", "pidie")
    assert result.exit_code == 0
    assert "1 kelompok" in result.stdout
    assert "Nama kelompok" in result.stdout and "Kabupaten/Kota" in result.stdout
    assert "UPPKA Mawar" in result.stdout and "UPPKA Melati" not in result.stdout


def test_count_prints_a_bare_integer(filled):
    for args, expected in [(("pidie", "anyaman"), "1\n"), (("aceh besar", "makanan"), "2\n"),
                           (("--district", "Kab. Aceh Besar"), "2\n"), ((), "3\n")]:
        result = filled("count", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")


def test_count_refuses_unknown_term(filled):
    result = filled("count", "pidi")
    assert result.exit_code == 1
    assert result.stderr == "Error: 'pidi' is not a district, product type or kecamatan; did you mean Pidie?\n"


def test_show_edit_deactivate_activate(filled):
    result = filled("edit", "2", "--members", "12", "--leader", "Cut Aisyah")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Group 2 changed: members: 10 -> 12, leader: - -> Cut Aisyah.\n"
    result = filled("deactivate", "2", "--reason", "tidak aktif sejak 2024")
    assert result.stderr == "Group 2 is now inactive.\n"
    assert filled("count").stdout == "2\n"
    assert filled("count", "--status", "all").stdout == "3\n"
    shown = json.loads(filled("show", "2", "-f", "json").stdout)
    assert (shown["members"], shown["leader"], shown["status"], shown["inactive_reason"]) == (
        12, "Cut Aisyah", "inactive", "tidak aktif sejak 2024")
    assert filled("activate", "2").stderr == "Group 2 is active again.\n"
    assert filled("activate", "2").stderr == "Group 2 was already active.\n"


def test_show_table_in_both_languages(filled):
    english = filled("show", "1").stdout
    assert "Kecamatan code" in english and "11.07.13" in english
    indonesian = filled("--lang", "id", "show", "1").stdout
    assert "Kode kecamatan" in indonesian and "Nama kelompok" in indonesian


def test_edit_and_show_missing_group(filled):
    for args in (("show", "9"), ("edit", "9", "--members", "3"), ("deactivate", "9")):
        result = filled(*args)
        assert result.exit_code == 1
        assert result.stderr == "Error: there is no group 9; see `uppks list --status all` for the numbers.\n"


def test_edit_needs_a_change(filled):
    result = filled("edit", "1")
    assert result.exit_code == 1
    assert result.stderr == "Error: nothing to change; give at least one field, e.g. --members 30.\n"


def test_summary_json_csv(filled):
    rows = json.loads(filled("summary", "--format", "json").stdout)
    assert len(rows) == 23
    besar = next(r for r in rows if r["district_code"] == "11.06")
    assert besar == {"district_code": "11.06", "district": "Aceh Besar", "groups": 2, "members": 15,
                     "members_pus": 8, "members_kb": 4, "kb_rate": 50.0}
    csv_lines = filled("summary", "--by", "product-type", "-f", "csv").stdout.splitlines()
    assert csv_lines[0] == "product_type,label,groups,members,members_pus,members_kb,kb_rate"
    assert csv_lines[1] == "makanan,Processed food & drink,2,15,8,4,50.0"
    assert len(csv_lines) == 11


def test_summary_markdown_exact(filled):
    result = filled("--lang", "id", "summary", "--by", "product-type", "--format", "markdown", "--district", "Pidie")
    assert result.stdout == (
        "**Kelompok UPPKA per jenis usaha**\n\n"
        "| Kode | Jenis usaha | Kelompok | Anggota | PUS | PUS ber-KB | % ber-KB |\n"
        "|---|---|---:|---:|---:|---:|---:|\n"
        "| makanan | Makanan & Minuman Olahan | 0 | 0 | 0 | 0 | - |\n"
        "| anyaman | Anyaman | 1 | 20 | 15 | 12 | 80,0 |\n"
        "| kerajinan | Kerajinan lain | 0 | 0 | 0 | 0 | - |\n"
        "| konveksi | Konveksi & Jahit | 0 | 0 | 0 | 0 | - |\n"
        "| pertanian | Pertanian & Perkebunan | 0 | 0 | 0 | 0 | - |\n"
        "| peternakan | Peternakan | 0 | 0 | 0 | 0 | - |\n"
        "| perikanan | Perikanan | 0 | 0 | 0 | 0 | - |\n"
        "| perdagangan | Perdagangan | 0 | 0 | 0 | 0 | - |\n"
        "| jasa | Jasa | 0 | 0 | 0 | 0 | - |\n"
        "| lainnya | Lainnya | 0 | 0 | 0 | 0 | - |\n"
        "| **Jumlah** |  | **1** | **20** | **15** | **12** | **80,0** |\n"
    )


def test_summary_table_ends_with_totals(filled):
    lines = filled("summary").stdout.splitlines()
    assert "UPPKA groups by district" in lines[0]
    assert sum("│" in line for line in lines) == 23 + 1  # 23 districts, then the totals row
    total_line = [line for line in lines if "Total" in line][0]
    assert [cell.strip() for cell in total_line.split("│")[1:7]] == ["Total", "3", "35", "23", "16", "69.6"]


def test_cross_table(filled):
    markdown = filled("summary", "--by", "district,product-type", "-f", "markdown").stdout.splitlines()
    assert markdown[2].startswith("| District | makanan | anyaman | kerajinan |")
    besar = next(line for line in markdown if line.startswith("| Aceh Besar |"))
    assert besar == "| Aceh Besar | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 15 |"
    assert markdown[-1] == "| **Total** | **2** | **1** | **0** | **0** | **0** | **0** | **0** | **0** | **0** | **0** | **3** | **35** |"
    rows = json.loads(filled("summary", "--by", "district,product-type", "-f", "json").stdout)
    assert len(rows) == 230 and set(rows[0]) == {"district_code", "district", "product_type", "label", "groups",
                                                 "members", "members_pus", "members_kb", "kb_rate"}


def test_bad_choices_are_usage_errors(filled):
    assert filled("list", "--status", "gone").exit_code == 2
    assert filled("list", "--format", "xml").exit_code == 2
    result = filled("summary", "--by", "kecamatan")
    assert (result.exit_code, result.stderr) == (
        1, "Error: --by: 'kecamatan' is not a grouping; use district, product-type or district,product-type.\n")


def test_references_with_counts(filled):
    districts = json.loads(filled("districts", "--format", "json").stdout)
    assert len(districts) == 23
    assert next(d for d in districts if d["district_code"] == "11.06")["groups"] == 2
    types = json.loads(filled("product-types", "--format", "json").stdout)
    assert [(t["product_type"], t["groups"]) for t in types[:2]] == [("makanan", 2), ("anyaman", 1)]


def test_product_types_can_grow(run):
    result = run("product-types", "add", "kosmetik", "--label-id", "Kosmetik", "--label-en", "Cosmetics",
                 "--alias", "Sabun herbal")
    assert (result.exit_code, result.stderr) == (
        0, "Product type kosmetik added (also written as: kosmetik, Cosmetics, Sabun herbal).\n")
    result = run("product-types", "alias", "Kue kering", "makanan")
    assert result.stderr == "\"Kue kering\" now means makanan.\n"
    assert run("add", "--name", "UPPKA A", "--district", "Pidie", "--product-type", "sabun herbal").exit_code == 0
    assert run("count", "kosmetik").stdout == "1\n"
    result = run("product-types", "alias", "Kue kering", "anyaman")
    assert result.stderr == "Error: 'Kue kering' already means product type makanan; choose another spelling.\n"


def test_db_path_follows_option_and_environment(run, db_path, tmp_path):
    assert run("db-path").stdout == f"{db_path}\n"
    assert run("--db", str(tmp_path / "other.db"), "db-path").stdout == f"{tmp_path / 'other.db'}\n"


def test_indonesian_refusal(run):
    result = run("--lang", "id", "add", "--name", "X", "--district", "Aceh Besr", "--product-type", "anyaman")
    assert result.stderr == "Galat: kabupaten/kota: 'Aceh Besr' bukan kabupaten/kota di Aceh; maksud Anda Aceh Besar?\n"


def test_a_name_among_the_terms_is_searched_and_said(filled):
    result = filled("list", "mawar", "--format", "csv")
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == ["UPPKA Mawar"]
    assert result.stderr == ("Note: 'mawar' is not a district, product type or kecamatan: looking for it in names, "
                             "products, leaders, gampong, notes and NIB, P-IRT and halal numbers, as --search does.\n")
    indonesian = filled("--lang", "id", "list", "mawar", "--format", "csv")
    assert indonesian.stderr == ("Catatan: 'mawar' bukan kabupaten/kota, jenis usaha atau kecamatan: dicari di nama, "
                                 "produk, ketua, gampong, catatan dan nomor NIB, P-IRT dan halal, seperti --search.\n")


def test_language_from_environment(run, conn, monkeypatch):
    monkeypatch.setenv("UPPKS_LANG", "id")
    assert run("count", "pidi").stderr == (
        "Galat: 'pidi' bukan kabupaten/kota, jenis usaha atau kecamatan; maksud Anda Pidie?\n")
    monkeypatch.delenv("UPPKS_LANG")
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert run("count", "pidi").stderr.startswith("Galat: ")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert run("count", "pidi").stderr.startswith("Error: ")


def test_demo_writes_its_own_file(run, tmp_path, db_path):
    target = tmp_path / "contoh.db"
    result = run("demo", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Loaded 31 MADE-UP example groups into ")
    assert "Subulussalam" in result.stdout and "Total" in result.stdout
    assert run("--db", str(target), "count").stdout == "31\n"
    assert run("count").stderr.startswith("Error: there is no registry at ")  # the demo made none there
    assert run("demo", "--output", str(target)).exit_code == 0
    assert run("--db", str(target), "count").stdout == "31\n"
    connect(db_path).close()
    refused = run("demo", "--output", str(db_path))
    assert refused.exit_code == 1
    assert refused.stderr == (f"Error: {db_path} exists and is not an example database; the demo will not overwrite it. "
                              "Choose another file with --output.\n")
