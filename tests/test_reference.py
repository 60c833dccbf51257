import pytest

from uppks_cli.domain.reference import (
    districts,
    find_district,
    resolve_district,
    resolve_location,
    subdistricts,
    villages,
)
from uppks_cli.errors import UppksError


def test_reference_sizes_match_the_decree():
    assert len(districts()) == 23
    assert len(subdistricts()) == 290
    assert len(villages()) == 6500
    assert sum(1 for d in districts() if d.kind == "kota") == 5


@pytest.mark.parametrize("written", [
    "Kabupaten Aceh Besar", "Kab. Aceh Besar", "KAB. ACEH BESAR", "ACEH BESAR", "Aceh Besar",
    "aceh  besar", "Abes", "11.06", "Kab Aceh Besar", "Aceh-Besar",
])
def test_every_spelling_of_aceh_besar(written):
    assert resolve_district(written).code == "11.06"


@pytest.mark.parametrize("written, code", [
    ("Abdya", "11.12"), ("Agara", "11.02"), ("Atam", "11.16"), ("Pijay", "11.18"),
    ("Galus", "11.13"), ("Bna", "11.71"), ("Kota Banda Aceh", "11.71"), ("Banda Aceh", "11.71"),
    ("KOTA LHOKSEUMAWE", "11.73"), ("Langsa", "11.74"), ("Pidie Jaya", "11.18"), ("Pidie", "11.07"),
])
def test_short_forms_and_cities(written, code):
    assert resolve_district(written).code == code


def test_bps_and_kemendagri_codes_differ():
    by_code = {d.code: d for d in districts()}
    assert by_code["11.01"].name == "Aceh Selatan" and by_code["11.01"].bps_code == "1103"
    assert by_code["11.09"].name == "Simeulue" and by_code["11.09"].bps_code == "1101"
    assert by_code["11.73"].bps_code == "1174" and by_code["11.74"].bps_code == "1173"


def test_bare_four_digit_code_is_refused_with_both_readings(en):
    with pytest.raises(UppksError) as refused:
        resolve_district("1101")
    assert en.of(refused.value) == (
        "district: '1101' is ambiguous: as a BPS code it is Simeulue, but read as the Kemendagri "
        "code 11.01 it is Aceh Selatan. Write the Kemendagri code with its dot (e.g. 11.06) or the "
        "district's name."
    )


@pytest.mark.parametrize("code, name", [("1171", "Banda Aceh"), ("1112", "Aceh Barat Daya"), ("1175", "Subulussalam")])
def test_a_bare_code_that_names_one_district_either_way_is_taken(code, name):
    """A BPS export of Banda Aceh (1171) was refused as ambiguous, its message naming Banda Aceh twice."""
    assert resolve_district(code).name == name


def test_a_bare_code_of_no_district_either_way_is_unknown_not_ambiguous(en):
    with pytest.raises(UppksError) as refused:
        resolve_district("1199")
    assert en.of(refused.value) == (
        "district: '1199' is not a district of Aceh; see `uppks districts` for names and codes.")


def test_a_district_written_with_its_seat_in_brackets_is_refused_suggesting_the_district(en):
    """"Aceh Besar (Jantho)" was refused with no suggestion: difflib finds the brackets too far off."""
    with pytest.raises(UppksError) as refused:
        resolve_district("Aceh Besar (Jantho)")
    assert en.of(refused.value) == (
        "district: 'Aceh Besar (Jantho)' is not a district of Aceh; did you mean Aceh Besar?")


def test_near_miss_suggests_the_district(en):
    with pytest.raises(UppksError) as refused:
        resolve_district("Aceh Besr")
    assert en.of(refused.value) == "district: 'Aceh Besr' is not a district of Aceh; did you mean Aceh Besar?"


def test_far_miss_points_to_the_list(en):
    with pytest.raises(UppksError) as refused:
        resolve_district("Medan")
    assert en.of(refused.value) == (
        "district: 'Medan' is not a district of Aceh; see `uppks districts` for names and codes."
    )


def test_unknown_kemendagri_code_is_not_a_district():
    assert find_district("11.99") is None


def test_kecamatan_is_checked_within_its_district():
    pidie = resolve_district("Pidie")
    location, warnings = resolve_location(pidie, "simpang tiga", None)
    assert (location.subdistrict, location.subdistrict_code, warnings) == ("Simpang Tiga", "11.07.18", [])
    besar = resolve_district("Aceh Besar")
    location, _ = resolve_location(besar, "Simpang Tiga", None)
    assert location.subdistrict_code == "11.06.18"


def test_unknown_kecamatan_kept_with_suggestion(en):
    pidie = resolve_district("Pidie")
    location, warnings = resolve_location(pidie, "Mutiyara", None)
    assert (location.subdistrict, location.subdistrict_code) == ("Mutiyara", None)
    assert [en.of(w) for w in warnings] == [
        "kecamatan 'Mutiyara' is not in the reference list for Pidie; kept as typed. Did you mean Mutiara?"
    ]


def test_kecamatan_from_another_district_is_named(en):
    pidie = resolve_district("Pidie")
    _, warnings = resolve_location(pidie, "Kuala", None)
    assert [en.of(w) for w in warnings] == [
        "kecamatan 'Kuala' is not in Pidie but in Bireuen, Nagan Raya; kept as typed. Check the district."
    ]


def test_gampong_resolved_and_fills_its_kecamatan():
    selatan = resolve_district("Aceh Selatan")
    location, warnings = resolve_location(selatan, None, "Keude Bakongan")
    assert warnings == []
    assert (location.village_code, location.subdistrict, location.subdistrict_code) == (
        "11.01.01.2001", "Bakongan", "11.01.01")


def test_unknown_gampong_kept_as_typed(en):
    selatan = resolve_district("Aceh Selatan")
    location, warnings = resolve_location(selatan, "Bakongan", "Keude Bakongn")
    assert (location.village, location.village_code) == ("Keude Bakongn", None)
    assert [en.of(w) for w in warnings] == [
        "gampong 'Keude Bakongn' is not in the reference list for Bakongan; kept as typed. "
        "Did you mean Keude Bakongan?"
    ]
