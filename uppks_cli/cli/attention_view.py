"""`uppks attention` put into rows: shared by the quick path (JSON, CSV) and the full command line (tables).

Loads neither Typer nor Rich, so the quick path can answer with it. Reasons are
fixed codes in JSON and CSV; their details there are in English, as `check
--format json` writes its problems, so a script reads the same whatever the
officer's language. A table says them in the reader's language.
"""

from __future__ import annotations

from uppks_cli.cli.grammar import THRESHOLDS

JSON_KEYS = ("id", "name", "district", "subdistrict", "leader", "phone", "reasons")
CSV_KEYS = ("id", "name", "district_code", "district", "subdistrict", "leader", "phone", "reasons", "details")


def needing_attention(conn, group_filter, values: dict, today=None) -> list[dict]:
    """The groups of the filter that need a visit, with the thresholds the options gave."""
    from uppks_cli.domain.coaching import attention

    return attention(conn, group_filter, {option.dest: int(values[option.dest]) for option in THRESHOLDS
                                          if values.get(option.dest) is not None}, today)


def _district(code: str) -> str:
    from uppks_cli.domain.reference import district_by_code

    known = district_by_code().get(code)
    return known.name if known else code


def as_json(groups: list[dict], english) -> list[dict]:
    return [{"id": group["id"], "name": group["name"], "district": _district(group["district_code"]),
             "subdistrict": group["subdistrict"], "leader": group["leader"], "phone": group["phone"],
             "reasons": [{"code": code, "detail": english.of(detail)} for code, detail in group["reasons"]]}
            for group in groups]


def as_csv_rows(groups: list[dict], english) -> list[dict]:
    return [{**{key: group[key] for key in ("id", "name", "district_code", "subdistrict", "leader", "phone")},
             "district": _district(group["district_code"]),
             "reasons": ";".join(code for code, _ in group["reasons"]),
             "details": "; ".join(english.of(detail) for _, detail in group["reasons"])} for group in groups]


def as_table_rows(groups: list[dict], words) -> list[dict]:
    return [{"id": group["id"], "name": group["name"], "district": _district(group["district_code"]),
             "subdistrict": group["subdistrict"], "leader": group["leader"], "phone": group["phone"],
             "reasons": "; ".join(words.of(detail) for _, detail in group["reasons"])} for group in groups]


def machine_text(groups: list[dict], output: str, english, to_file: bool = False) -> str:
    """JSON or CSV of the groups (CSV with the export's formula guard, and its BOM when going to a file)."""
    from uppks_cli.reports.formats import to_csv, to_json

    if output == "json":
        return to_json(as_json(groups, english)) + "\n"
    return ("\ufeff" if to_file else "") + to_csv(as_csv_rows(groups, english), list(CSV_KEYS))
