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


def _details(english):
    """english.of, remembered for each message: attention gives the groups that share a reason (no
    P-IRT, the same last month) the same message, said once."""
    said = {}

    def detail(message) -> str:
        text = said.get(id(message))
        if text is None:
            # the message is kept with it, so its number is not given to another while this lasts
            text, _ = said[id(message)] = english.of(message), message
            return text
        return text[0]

    return detail


def as_json(groups: list[dict], english) -> list[dict]:
    detail = _details(english)
    return [{"id": group["id"], "name": group["name"], "district": _district(group["district_code"]),
             "subdistrict": group["subdistrict"], "leader": group["leader"], "phone": group["phone"],
             "reasons": [{"code": code, "detail": detail(message)} for code, message in group["reasons"]]}
            for group in groups]


def json_text(groups: list[dict], english) -> str:
    """to_json(as_json(groups, english)), the same text, built by the C string encoder: json.dumps
    with an indent runs the pure-Python encoder, which took longer than finding the groups."""
    try:  # json.dumps's own string encoder, without loading json's reader as well
        from _json import encode_basestring as quoted
    except ImportError:
        from json.encoder import encode_basestring as quoted

    def value(given) -> str:
        if given.__class__ is str:
            return quoted(given)
        if given.__class__ is int:
            return int.__repr__(given)
        if given is None:
            return "null"
        import json

        return json.dumps(given, ensure_ascii=False)

    if not groups:
        return "[]\n"
    detail, districts, reasons_shown = _details(english), {}, {}
    shown = []
    for group in groups:
        code = group["district_code"]
        district = districts.get(code) or districts.setdefault(code, quoted(_district(code)))
        reasons = []
        for reason, message in group["reasons"]:
            text = reasons_shown.get((reason, id(message)))
            if text is None:
                text = reasons_shown[(reason, id(message))] = (f'      {{\n        "code": {quoted(reason)},\n'
                                                               f'        "detail": {quoted(detail(message))}\n      }}')
            reasons.append(text)
        place, leader, phone = group["subdistrict"], group["leader"], group["phone"]
        shown.append(f'  {{\n    "id": {value(group["id"])},\n    "name": {value(group["name"])},\n'
                     f'    "district": {district},\n'
                     f'    "subdistrict": {quoted(place) if place.__class__ is str else value(place)},\n'
                     f'    "leader": {quoted(leader) if leader.__class__ is str else value(leader)},\n'
                     f'    "phone": {quoted(phone) if phone.__class__ is str else value(phone)},\n    "reasons": '
                     + ("[\n" + ",\n".join(reasons) + "\n    ]" if reasons else "[]") + "\n  }")
    return "[\n" + ",\n".join(shown) + "\n]\n"


def as_csv_rows(groups: list[dict], english) -> list[dict]:
    detail = _details(english)
    return [{**{key: group[key] for key in ("id", "name", "district_code", "subdistrict", "leader", "phone")},
             "district": _district(group["district_code"]),
             "reasons": ";".join(code for code, _ in group["reasons"]),
             "details": "; ".join(detail(message) for _, message in group["reasons"])} for group in groups]


def as_table_rows(groups: list[dict], words) -> list[dict]:
    return [{"id": group["id"], "name": group["name"], "district": _district(group["district_code"]),
             "subdistrict": group["subdistrict"], "leader": group["leader"], "phone": group["phone"],
             "reasons": "; ".join(words.of(detail) for _, detail in group["reasons"])} for group in groups]


def machine_text(groups: list[dict], output: str, english, to_file: bool = False) -> str:
    """JSON or CSV of the groups (CSV with the export's formula guard, and its BOM when going to a file)."""
    if output == "json":
        return json_text(groups, english)
    from uppks_cli.reports.formats import to_csv

    return ("\ufeff" if to_file else "") + to_csv(as_csv_rows(groups, english), list(CSV_KEYS))
