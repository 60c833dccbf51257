"""Summary rows laid out as the tables people read: headings, totals, cross tables.

Shared by the terminal, Markdown and the meeting reports so they always agree.
Headings are words: `words(key)` gives them in the reader's language.
"""

from __future__ import annotations

from uppks_cli.reports.summary import totals

MEASURES = ("groups", "members", "members_pus", "members_kb", "kb_rate")


def summary_table(rows: list[dict], dimensions: tuple[str, ...], words
                  ) -> tuple[list[dict], list[tuple[str, str]], dict]:
    """(lines, [(key, heading)], totals line) for one or two dimensions."""
    if len(dimensions) == 2:
        return cross_table(rows, dimensions, words)
    if dimensions[0] == "district":
        columns = [("district", words("col_district"))]
    else:
        columns = [("product_type", words("col_code")), ("label", words("col_label"))]
    columns += [(key, words("col_" + key)) for key in MEASURES]
    return rows, columns, {**totals(rows), columns[0][0]: words("total")}


def cross_table(rows: list[dict], dimensions: tuple[str, ...], words):
    """The first dimension down, the second across, group counts in the cells."""
    row_key, column_key = ("district", "product_type") if dimensions[0] == "district" else ("label", "district")
    column_values = list(dict.fromkeys(row[column_key] for row in rows))
    pivot: dict[str, dict] = {}
    for row in rows:
        line = pivot.setdefault(row[row_key], {row_key: row[row_key], "groups": 0, "members": 0})
        line[row[column_key]] = row["groups"]
        line["groups"] += row["groups"]
        line["members"] += row["members"]
    lines = list(pivot.values())
    columns = [(row_key, words("col_district" if dimensions[0] == "district" else "col_product_type"))]
    columns += [(value, value) for value in column_values]
    columns += [("groups", words("col_groups")), ("members", words("col_members"))]
    total_row = {row_key: words("total")}
    for key, _ in columns[1:]:
        total_row[key] = sum(line[key] for line in lines)
    return lines, columns, total_row


def summary_keys(dimensions: tuple[str, ...]) -> list[str]:
    """The stable English keys of summary rows in CSV, in order."""
    key_columns = {"district": ["district_code", "district"], "product_type": ["product_type", "label"]}
    return [key for dim in dimensions for key in key_columns[dim]] + list(MEASURES)
