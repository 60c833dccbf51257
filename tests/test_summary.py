import pytest

from uppks_cli.domain.groups import GroupFilter, add_group, set_status
from uppks_cli.errors import UppksError
from uppks_cli.reports.summary import (
    district_reference,
    parse_dimensions,
    product_type_reference,
    summarise,
    totals,
)


@pytest.fixture
def registry(conn):
    rows = [
        ("Pidie", "anyaman", 20, 15, 12), ("Pidie", "makanan", 10, 8, 4),
        ("Aceh Besar", "makanan", 15, 10, 10), ("Bireuen", "kerajinan", None, None, None),
    ]
    for number, (district, product_type, members, pus, kb) in enumerate(rows):
        given = {"name": f"UPPKA {number}", "district": district, "product_type": product_type}
        given.update({k: v for k, v in (("members", members), ("members_pus", pus), ("members_kb", kb)) if v is not None})
        add_group(conn, given)
    inactive, _ = add_group(conn, {"name": "UPPKA Bubar", "district": "Pidie", "product_type": "anyaman", "members": 99})
    set_status(conn, inactive, active=False)
    return conn


def test_by_district_lists_all_23_with_zeros(registry):
    rows = summarise(registry, ("district",), GroupFilter())
    assert len(rows) == 23
    by_code = {row["district_code"]: row for row in rows}
    assert by_code["11.07"] == {"district_code": "11.07", "district": "Pidie", "groups": 2, "members": 30,
                                "members_pus": 23, "members_kb": 16, "kb_rate": 69.6}
    assert by_code["11.11"]["groups"] == 1 and by_code["11.11"]["members"] == 0
    assert by_code["11.75"] == {"district_code": "11.75", "district": "Subulussalam", "groups": 0, "members": 0,
                                "members_pus": 0, "members_kb": 0, "kb_rate": None}
    assert totals(rows) == {"groups": 4, "members": 45, "members_pus": 33, "members_kb": 26, "kb_rate": 78.8}


def test_by_product_type_in_both_languages(registry):
    rows = summarise(registry, ("product_type",), GroupFilter(), language="id")
    assert [row["product_type"] for row in rows][:3] == ["makanan", "anyaman", "kerajinan"]
    assert rows[0] == {"product_type": "makanan", "label": "Makanan & Minuman Olahan", "groups": 2, "members": 25,
                       "members_pus": 18, "members_kb": 14, "kb_rate": 77.8}
    english = summarise(registry, ("product_type",), GroupFilter(), language="en")
    assert english[0]["label"] == "Processed food & drink"


def test_cross_table_has_every_pair(registry):
    rows = summarise(registry, ("district", "product_type"), GroupFilter())
    assert len(rows) == 23 * 10
    pair = next(r for r in rows if r["district_code"] == "11.07" and r["product_type"] == "anyaman")
    assert pair == {"district_code": "11.07", "district": "Pidie", "product_type": "anyaman", "label": "Woven goods",
                    "groups": 1, "members": 20, "members_pus": 15, "members_kb": 12, "kb_rate": 80.0}
    assert totals(rows)["groups"] == 4


def test_summary_honours_status_filter(registry):
    rows = summarise(registry, ("district",), GroupFilter(status="all"))
    assert next(r for r in rows if r["district_code"] == "11.07")["members"] == 129


@pytest.mark.parametrize("text, expected", [
    ("district", ("district",)), ("product-type", ("product_type",)),
    ("district,product-type", ("district", "product_type")), ("product_type, district", ("product_type", "district")),
])
def test_dimensions(text, expected):
    assert parse_dimensions(text) == expected


def test_unknown_dimension(en):
    with pytest.raises(UppksError) as refused:
        parse_dimensions("kecamatan")
    assert en.of(refused.value) == (
        "--by: 'kecamatan' is not a grouping; use district, product-type or district,product-type."
    )


def test_reference_listings_count_active_groups(registry):
    districts = district_reference(registry)
    pidie = next(d for d in districts if d["district_code"] == "11.07")
    assert pidie == {"district_code": "11.07", "bps_code": "1109", "district": "Pidie",
                     "official_name": "Kabupaten Pidie", "kind": "kabupaten", "subdistricts": 23,
                     "villages": 730, "groups": 2}
    types = product_type_reference(registry)
    assert [(t["product_type"], t["groups"]) for t in types][:3] == [("makanan", 2), ("anyaman", 1), ("kerajinan", 1)]
    assert "Konveksi/Jahit" in next(t for t in types if t["product_type"] == "konveksi")["aliases"]


def test_a_rate_no_line_has_a_base_for_is_still_a_number_column(run):
    """No group with PUS: the KB % column is right-aligned with "-" in every line and the total,
    as where some lines have a rate, not an empty text column."""
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", "--members", "10",
        "--subdistrict", "Mutiara")
    markdown = run("summary", "pidie", "-f", "markdown").stdout.splitlines()
    assert markdown[2:4] == ["| District | Groups | Members | PUS | PUS on KB | KB % |", "|---|---:|---:|---:|---:|---:|"]
    assert "| Pidie | 1 | 10 | 0 | 0 | - |" in markdown
    assert markdown[-1] == "| **Total** | **1** | **10** | **0** | **0** | **-** |"
    table = run("summary", "pidie").stdout.splitlines()
    assert "│ Pidie           │      1 │      10 │   0 │         0 │    - │" in table
    assert "│ Total           │      1 │      10 │   0 │         0 │    - │" in table
    run("monthly", "add", "1", "--period", "2026-10", "--families", "10", "--attended", "8")
    recap = run("recap", "pidie", "--period", "2026-10", "--by", "subdistrict", "-f", "markdown").stdout.splitlines()
    assert recap[3] == "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    assert "| Pidie | Mutiara | 1 | 1 | 100.0 | 0 | 10 | 8 | 80.0 | 0 | 0 | - | 0 |" in recap
    assert recap[-1] == ("| **Total** |  | **1** | **1** | **100.0** | **0** | **10** | **8** | **80.0** | **0** | **0** "
                         "| **-** | **0** |")
