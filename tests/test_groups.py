import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppks_cli.domain.groups import (
    GroupFilter,
    add_group,
    count_groups,
    edit_group,
    get_group,
    list_groups,
    set_status,
)
from uppks_cli.domain.product_types import add_alias, add_product_type, resolve_product_type
from uppks_cli.domain.terms import build_filter, resolve_terms
from uppks_cli.errors import UppksError
from uppks_cli.registry.columns import PUBLIC_FIELDS


def test_add_normalises_every_field(conn):
    group_id, warnings = add_group(conn, {
        "name": "  UPPKA  Seulanga ", "district": "KAB. ACEH BESAR", "product_type": "Makanan & Minuman",
        "subdistrict": "kec. darul imarah", "members": "25", "members_pus": "20.0", "members_kb": 18,
        "phone": "+62 812-3456-7890", "capital": "Rp 2.500.000,00", "turnover": "2,5 jt",
        "founded_year": "2015", "leader": "Cut Aisyah", "product": "Keripik sukun",
    })
    assert warnings == []
    group = get_group(conn, group_id)
    assert list(group) == list(PUBLIC_FIELDS)
    assert {k: group[k] for k in ("name", "district_code", "district", "subdistrict", "product_type",
                                  "members", "members_pus", "members_kb", "phone", "capital",
                                  "turnover", "founded_year", "status")} == {
        "name": "UPPKA Seulanga", "district_code": "11.06", "district": "Aceh Besar",
        "subdistrict": "Darul Imarah", "product_type": "makanan", "members": 25, "members_pus": 20,
        "members_kb": 18, "phone": "081234567890", "capital": 2_500_000, "turnover": 2_500_000,
        "founded_year": 2015, "status": "active",
    }
    assert group["created_at"] == group["updated_at"] and group["created_at"].endswith("Z")


@pytest.mark.parametrize("given, message", [
    ({"members": "10", "members_pus": "12"},
     "members_pus: 12 is more than members (10); PUS members are counted among all members, so correct one of them."),
    ({"members": "10", "members_pus": "8", "members_kb": "9"},
     "members_kb: 9 is more than members_pus (8); PUS members using KB are counted among PUS members, so correct one of them."),
    ({"name": "  "}, "name is required but was not given; give it with --name."),
    ({"product_type": "kosmetik"},
     "product_type: 'kosmetik' is not a known product type; use one of makanan, anyaman, kerajinan, konveksi, "
     "pertanian, peternakan, perikanan, perdagangan, jasa, lainnya, or teach it with `uppks product-types alias`."),
    ({"product_type": "anyamn"}, "product_type: 'anyamn' is not a known product type; did you mean anyaman?"),
    ({"founded_year": "1900"}, None),
])
def test_refusals_write_nothing(conn, pidie_group, given, message, en):
    with pytest.raises(UppksError) as refused:
        add_group(conn, {**pidie_group, **given})
    if message:
        assert en.of(refused.value) == message
    assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] == 0


def test_unknown_kecamatan_is_kept_with_a_warning(conn, pidie_group):
    group_id, warnings = add_group(conn, {**pidie_group, "subdistrict": "Mutiyara"})
    assert [w.key for w in warnings] == ["warning_subdistrict_near"]
    assert get_group(conn, group_id)["subdistrict"] == "Mutiyara"


def test_edit_checks_rules_against_the_stored_group(conn, pidie_group):
    group_id, _ = add_group(conn, pidie_group)
    with pytest.raises(UppksError) as refused:
        edit_group(conn, group_id, {"members": "14"})
    assert refused.value.key == "error_pus_over_members"
    changes, _ = edit_group(conn, group_id, {"members": "30", "leader": "Rahmah"})
    assert changes == {"members": (20, 30), "leader": (None, "Rahmah")}
    changes, _ = edit_group(conn, group_id, {"leader": ""})
    assert changes == {"leader": ("Rahmah", None)}
    assert get_group(conn, group_id)["members"] == 30


def test_edit_of_district_rechecks_the_kecamatan(conn, pidie_group):
    group_id, _ = add_group(conn, pidie_group)
    changes, warnings = edit_group(conn, group_id, {"district": "Bireuen"})
    assert changes["district_code"] == ("11.07", "11.11")
    assert changes["subdistrict_code"] == ("11.07.13", None)
    assert [w.key for w in warnings] == ["warning_subdistrict_elsewhere"]


def test_edit_with_same_values_changes_nothing(conn, pidie_group):
    group_id, _ = add_group(conn, pidie_group)
    before = get_group(conn, group_id)
    changes, _ = edit_group(conn, group_id, {"members": "20", "district": "11.07"})
    assert changes == {}
    assert get_group(conn, group_id) == before


def test_deactivate_keeps_the_group(conn, pidie_group):
    group_id, _ = add_group(conn, pidie_group)
    assert set_status(conn, group_id, active=False, reason="bubar") is True
    assert set_status(conn, group_id, active=False) is False
    group = get_group(conn, group_id)
    assert (group["status"], group["inactive_reason"]) == ("inactive", "bubar")
    assert count_groups(conn, GroupFilter()) == 0
    assert count_groups(conn, GroupFilter(status="inactive")) == 1
    assert set_status(conn, group_id, active=True) is True
    assert get_group(conn, group_id)["inactive_reason"] is None


def test_missing_group(conn, en):
    with pytest.raises(UppksError) as refused:
        get_group(conn, 99)
    assert en.of(refused.value) == "there is no group 99; see `uppks list --status all` for the numbers."


@pytest.fixture
def registry(conn):
    for name, district, product_type, subdistrict, members in [
        ("Mawar", "Pidie", "anyaman", "Pidie", 20), ("Melati", "Pidie", "makanan", "Mutiara", 10),
        ("Seulanga", "Aceh Besar", "makanan", "Darul Imarah", 15), ("Cempaka", "Aceh Besar", "anyaman", None, 8),
        ("Kenanga", "Bireuen", "kerajinan", "Kuala", 12), ("Teratai", "Nagan Raya", "makanan", "Kuala", 9),
    ]:
        given = {"name": f"UPPKA {name}", "district": district, "product_type": product_type, "members": members}
        if subdistrict:
            given["subdistrict"] = subdistrict
        add_group(conn, given)
    return conn


@pytest.mark.parametrize("terms, expected", [
    (["pidie", "anyaman"], 1), (["aceh besar", "makanan"], 1), (["aceh", "besar", "makanan"], 1),
    (["makanan"], 3), (["kuala"], 2), (["Kab. Pidie"], 2), (["anyaman pandan"], 2),
    (["pidie", "aceh besar"], 4), ([], 6),
])
def test_meeting_terms(registry, terms, expected):
    assert count_groups(registry, build_filter(registry, terms=terms)) == expected


def test_pidie_means_the_district_not_its_kecamatan(registry):
    assert resolve_terms(registry, ["pidie"]) == [("district", "11.07")]


def test_term_matching_two_kinds_is_refused(registry, en):
    add_alias(registry, "Kuala", "perikanan")
    with pytest.raises(UppksError) as refused:
        resolve_terms(registry, ["kuala"])
    assert en.of(refused.value) == (
        "'kuala' could mean product type perikanan; kecamatan Kuala (in Bireuen, Nagan Raya); "
        "say which with --district, --product-type or --subdistrict."
    )


@pytest.mark.parametrize("term, message", [
    ("pidi", "'pidi' is not a district, product type or kecamatan; did you mean Pidie?"),
    ("aceh besr", "'aceh besr' is not a district, product type or kecamatan; did you mean Aceh Besar?"),
    ("Aceh   Tamiyang", "'Aceh Tamiyang' is not a district, product type or kecamatan; did you mean Aceh Tamiang?"),
    ("makanann", "'makanann' is not a district, product type or kecamatan; did you mean makanan?"),
])
def test_unknown_terms(registry, term, message, en):
    with pytest.raises(UppksError) as refused:
        resolve_terms(registry, [term])
    assert en.of(refused.value) == message


def test_words_that_name_nothing_are_a_search_of_names(registry, en):
    assert resolve_terms(registry, ["pidie", "mawar", "indah"]) == [("district", "11.07"), ("search", "mawar indah")]
    assert [g["name"] for g in list_groups(registry, build_filter(registry, terms=["mawar"]))] == ["UPPKA Mawar"]
    with pytest.raises(UppksError) as refused:
        build_filter(registry, terms=["mawar", "pidie", "indah"])
    assert en.of(refused.value) == (
        "'mawar' and 'indah' are not districts, product types or kecamatan; to look for words of a name, write "
        "them side by side or use --search \"mawar indah\".")


def test_list_filters_sort_and_limit(registry):
    by_members = list(list_groups(registry, GroupFilter(), sort="-members", limit=3))
    assert [g["name"] for g in by_members] == ["UPPKA Mawar", "UPPKA Seulanga", "UPPKA Kenanga"]
    found = list(list_groups(registry, build_filter(registry, search="ena")))
    assert [g["name"] for g in found] == ["UPPKA Kenanga"]
    in_kuala = list(list_groups(registry, build_filter(registry, district="Bireuen", subdistrict="kuala")))
    assert [g["name"] for g in in_kuala] == ["UPPKA Kenanga"]


def test_search_wildcards_are_literal(registry):
    assert list(list_groups(registry, build_filter(registry, search="%"))) == []


def test_sort_field_is_checked(registry):
    with pytest.raises(UppksError) as refused:
        list_groups(registry, GroupFilter(), sort="members; DROP TABLE groups")
    assert refused.value.key == "error_sort_field"
    assert count_groups(registry, GroupFilter()) == 6


def test_officer_can_add_a_product_type_and_alias(conn, en):
    added = add_product_type(conn, "kosmetik", "Kosmetik", "Cosmetics", ["Sabun herbal"])
    assert added.aliases == ["kosmetik", "Cosmetics", "Sabun herbal"]
    assert resolve_product_type(conn, "SABUN-HERBAL") == "kosmetik"
    assert add_alias(conn, "Kue kering", "makanan") == "makanan"
    assert resolve_product_type(conn, "kue kering") == "makanan"
    with pytest.raises(UppksError) as refused:
        add_alias(conn, "Kue kering", "anyaman")
    assert en.of(refused.value) == "'Kue kering' already means product type makanan; choose another spelling."


def test_product_type_aliases_from_the_vocabulary(conn):
    for written, code in [("Makanan olahan", "makanan"), ("Makanan & Minuman", "makanan"), ("kuliner", "makanan"),
                          ("Anyaman pandan", "anyaman"), ("Konveksi/Jahit", "konveksi"), ("KONVEKSI - JAHIT", "konveksi"),
                          ("Kerawang Gayo", "kerajinan"), ("warung", "perdagangan")]:
        assert resolve_product_type(conn, written) == code


POOLS = {
    "name": ["UPPKA Mawar", "  Kelompok  Melati ", "", "x" * 250, 12.0],
    "district": ["Pidie", "Aceh Besr", "1101", "11.06", "", "KAB. BIREUEN"],
    "subdistrict": ["Mutiara", "Kuala", "Mutiyara", "", "Kec. Delima"],
    "village": ["Mesjid Yaman", "Gampong Baru", "", "Tijue"],
    "product_type": ["anyaman", "Makanan olahan", "kosmetik", "anyamn", ""],
    "product": ["Tikar", "", "=1+1"],
    "members": ["20", 24.0, "dua", "-3", "", "1.500"],
    "members_pus": ["15", "30", 5, ""],
    "members_kb": ["12", "40", 0],
    "leader": ["Rahmah", ""],
    "phone": ["0812-3456-7890", 81234567890, "12345", ""],
    "founded_year": ["2015", 1890, 2020.0, ""],
    "capital": ["Rp 2.500.000,00", "2,5 jt", "banyak"],
    "turnover": ["500.000", ""],
    "status": ["aktif", "tidak aktif", "gone", ""],
    "inactive_reason": ["bubar", ""],
    "notes": ["catatan", ""],
}


@st.composite
def value_rows(draw):
    fields = draw(st.lists(st.sampled_from(sorted(POOLS)), unique=True, min_size=1))
    return {field: draw(st.sampled_from(POOLS[field])) for field in fields}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(value_rows(), min_size=1, max_size=8))
def test_a_block_of_rows_is_checked_as_each_row_alone(conn, rows):
    """Values resolved once for a block (memos) give every row what it gets checked on its own."""
    from uppks_cli.domain.checker import FieldChecker, filled_columns

    fields = sorted({field for values in rows for field in values})
    columns = filled_columns(fields)
    together = FieldChecker(conn).check_rows(fields, [tuple(values.get(f) for f in fields) for values in rows])
    for index, (values, cells) in enumerate(zip(rows, together.cells)):
        warnings, refusals = together.warnings.get(index, []), together.refusals.get(index, [])
        row, expected_warnings, expected_refusals = FieldChecker(conn).check(values)
        assert [(r.key, r.params) for r in refusals] == [(r.key, r.params) for r in expected_refusals]
        if expected_refusals:
            assert cells is None
        else:
            assert cells == tuple(map(row.get, columns))
            assert warnings == expected_warnings


def test_a_reason_for_stopping_with_an_escape_character_is_refused_and_nothing_changes(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    refused = run("deactivate", "1", "--reason", "tidak aktif\x1b[2J")
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: inactive_reason: 'tidak aktif\\x1b[2J' holds a control character (shown escaped); remove it.\n")
    shown = json.loads(run("show", "1", "-f", "json").stdout)
    assert (shown["status"], shown["inactive_reason"]) == ("active", None)
    run("deactivate", "1", "--reason", "  tidak   aktif sejak 2024 ")
    assert json.loads(run("show", "1", "-f", "json").stdout)["inactive_reason"] == "tidak aktif sejak 2024"
