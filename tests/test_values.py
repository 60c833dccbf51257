import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppks_cli.domain.values import clean_text, normalize_phone, parse_amount, parse_year
from uppks_cli.errors import UppksError


@pytest.mark.parametrize("written, expected", [
    ("25", 25), (25, 25), (24.0, 24), ("24.0", 24), ("1.500.000", 1_500_000),
    ("Rp 2.500.000,00", 2_500_000), ("Rp. 3.000.000", 3_000_000), ("2,5 jt", 2_500_000),
    ("2,5jt", 2_500_000), ("750 rb", 750_000), ("Rp 1.250.000,-", 1_250_000),
    ("1,500,000", 1_500_000), ("IDR 400000", 400_000), ("0", 0), ("  12 ", 12),
])
def test_amounts_written_the_indonesian_way(written, expected):
    assert parse_amount(written, "capital") == expected


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_empty_amount_is_missing(missing):
    assert parse_amount(missing, "members") is None


@pytest.mark.parametrize("written, key", [
    ("dua puluh", "error_not_whole_number"), ("2,5", "error_not_whole_number"),
    (2.5, "error_not_whole_number"), ("-3", "error_negative"), (-1, "error_negative"),
    (True, "error_not_whole_number"),
])
def test_amount_refusals(written, key):
    with pytest.raises(UppksError) as refused:
        parse_amount(written, "members")
    assert refused.value.key == key
    assert refused.value.params["field"] == "members"


@pytest.mark.parametrize("written, thousands, decimal", [
    ("1,000", 1_000, 1), ("12,000", 12_000, 12), ("Rp 250,000", 250_000, 250), ("250,000,-", 250_000, 250),
    ("1,500", 1_500, "1,5"), ("2,500 jt", 2_500_000_000, 2_500_000), (" 999,999 ", 999_999, "999,999"),
    ("1,050", 1_050, "1,05"),
])
def test_a_lone_comma_before_three_digits_is_doubtful_and_refused(written, thousands, decimal):
    """'250,000' is 250 with an Indonesian decimal comma and 250000 with an English thousands comma
    (a sheet saved with English number settings writes it so): neither reading is taken, both are said."""
    with pytest.raises(UppksError) as refused:
        parse_amount(written, "turnover")
    assert (refused.value.key, refused.value.params["thousands"], refused.value.params["decimal"]) == (
        "error_number_comma_doubtful", thousands, decimal)


def test_a_doubtful_comma_says_how_to_write_the_number(en):
    from uppks_cli.cli.words import Words

    with pytest.raises(UppksError) as refused:
        parse_amount("Rp 250,000", "turnover")
    assert en.of(refused.value) == (
        "turnover: 'Rp 250,000' is doubtful: with the comma grouping thousands, as English writes, it is 250000; "
        "with a decimal comma, as Indonesian writes, 250. Write the number meant without that comma.")
    assert Words("id").of(refused.value) == (
        "omzet: 'Rp 250,000' meragukan: bila komanya pemisah ribuan, seperti dalam bahasa Inggris, nilainya 250000; "
        "bila koma desimal, seperti dalam bahasa Indonesia, 250. Tulis angka yang dimaksud tanpa koma itu.")


@pytest.mark.parametrize("written, expected", [("1,00", 1), ("12,0", 12), ("0,000", 0), ("1,000,000", 1_000_000),
                                               ("1.000", 1_000), ("2,5 jt", 2_500_000), ("1.000,000", 1_000),
                                               ("Rp 250,000.00", 250_000), ("1,500,000.00", 1_500_000)])
def test_commas_that_can_be_read_only_one_way_are_read(written, expected):
    assert parse_amount(written, "turnover") == expected


def test_amount_refusal_message_says_what_to_write(en):
    with pytest.raises(UppksError) as refused:
        parse_amount("banyak", "members")
    assert en.of(refused.value) == "members: 'banyak' is not a whole number; write it as 25, 1.500.000 or 2,5 jt."


@given(st.integers(min_value=0, max_value=10**12))
def test_any_whole_number_survives_indonesian_grouping(number):
    grouped = f"{number:,}".replace(",", ".")
    assert parse_amount(grouped, "capital") == number
    assert parse_amount(f"Rp {grouped},00", "capital") == number
    assert parse_amount(float(number), "capital") == number


@given(st.text(max_size=30))
def test_amount_parser_either_parses_or_refuses(text):
    try:
        result = parse_amount(text, "capital")
    except UppksError as refusal:
        assert refusal.key in ("error_not_whole_number", "error_negative", "error_number_comma_doubtful")
    else:
        assert result is None or (isinstance(result, int) and result >= 0)


@pytest.mark.parametrize("written, expected", [
    ("0812-3456-7890", "081234567890"), ("+62 812 3456 7890", "081234567890"),
    ("6281234567890", "081234567890"), (81234567890, "081234567890"),
    (81234567890.0, "081234567890"), ("(0651) 634 567", "0651634567"), ("", None), (None, None),
])
def test_phone_numbers_normalised_to_national_form(written, expected):
    assert normalize_phone(written) == expected


@pytest.mark.parametrize("written", ["12345", "0812-ABC", "+1 555 1234567", "00812345678", "08123456789012345"])
def test_phone_refusals(written):
    with pytest.raises(UppksError) as refused:
        normalize_phone(written)
    assert refused.value.key == "error_phone"


@given(st.from_regex(r"8[1-9][0-9]{7,10}", fullmatch=True))
def test_mobile_numbers_in_every_written_form_agree(national_digits):
    expected = "0" + national_digits
    assert normalize_phone("0" + national_digits) == expected
    assert normalize_phone("+62" + national_digits) == expected
    assert normalize_phone("62" + national_digits) == expected
    assert normalize_phone(int(national_digits)) == expected


def test_year_range(en):
    today = dt.date(2026, 11, 27)
    assert parse_year("2015", today=today) == 2015
    assert parse_year(1950.0, today=today) == 1950
    with pytest.raises(UppksError) as refused:
        parse_year("2027", today=today)
    assert en.of(refused.value) == (
        "founded_year: '2027' is not a year from 1950 to 2026; write the year founded, e.g. 2015."
    )


def test_clean_text_folds_spaces():
    assert clean_text("  UPPKA   Mawar \t I ") == "UPPKA Mawar I"
    assert clean_text("   ") is None
    assert clean_text(2015.0) == "2015"


def test_stored_times_are_shown_in_the_laptops_time_zone(monkeypatch):
    import time

    from uppks_cli.reports.formats import local_time_text

    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        assert [local_time_text("2026-11-28T04:35:06Z"), local_time_text("2026-11-28T20:00:00Z"),
                local_time_text(None), local_time_text("kemarin")] == [
            "2026-11-28 11:35", "2026-11-29 03:00", "", "kemarin"]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@given(st.text(alphabet="aZ09 .,\t-", max_size=14))
def test_a_names_quick_reading_is_the_full_rules_reading(raw):
    """Plain names skip the checks they cannot fail: the outcome is the full rules' outcome."""
    from uppks_cli.domain.checker import name_and_key
    from uppks_cli.domain.identity import name_key

    text = " ".join(raw.split())
    if "\t" in raw.strip():
        expected = "error_name_break"
    elif not text or text in ("-", "--"):
        expected = "error_required"
    elif text.replace(".", "", 1).replace(",", "", 1).isdigit():
        expected = "error_name_number"
    else:
        expected = (text, name_key(text))
    try:
        found = name_and_key(raw)
    except UppksError as refusal:
        found = refusal.key
    assert found == expected


def test_a_long_text_in_the_phone_field_is_named_by_its_start(run):
    pasted = "0812 3456 7890 atau hubungi ketua di rumahnya " * 40
    refused = run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--phone", pasted)
    assert (refused.exit_code, refused.stderr) == (1, (
        "Error: phone: '0812 3456 7890 atau hubungi ke…' is not an Indonesian phone number; write it as "
        "0812xxxxxxxx or +62 812xxxxxxxx.\n"))
