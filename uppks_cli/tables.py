"""Summary rows laid out as the tables people read: headings, totals, cross tables.

Shared by the terminal, Markdown and the meeting reports so they always agree.
"""

from __future__ import annotations

from uppks_cli.i18n import t
from uppks_cli.summary import totals

MEASURES = ("groups", "members", "members_pus", "members_kb", "kb_rate")


def summary_table(rows: list[dict], dimensions: tuple[str, ...]) -> tuple[list[dict], list[tuple[str, str]], dict]:
    """(lines, [(key, heading)], totals line) for one or two dimensions."""
    if len(dimensions) == 2:
        return cross_table(rows, dimensions)
    if dimensions[0] == "district":
        columns = [("district", t("col_district"))]
    else:
        columns = [("product_type", t("col_code")), ("label", t("col_label"))]
    columns += [(key, t("col_" + key)) for key in MEASURES]
    return rows, columns, {**totals(rows), columns[0][0]: t("total")}


def cross_table(rows: list[dict], dimensions: tuple[str, ...]):
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
    columns = [(row_key, t("col_district" if dimensions[0] == "district" else "col_product_type"))]
    columns += [(value, value) for value in column_values]
    columns += [("groups", t("col_groups")), ("members", t("col_members"))]
    total_row = {row_key: t("total")}
    for key, _ in columns[1:]:
        total_row[key] = sum(line[key] for line in lines)
    return lines, columns, total_row


def summary_text(rows: list[dict], dimensions: tuple[str, ...], output_format: str) -> str:
    """A summary as JSON, CSV (stable English keys, no totals line) or Markdown (headings, totals)."""
    from uppks_cli.i18n import current_language
    from uppks_cli.render import to_csv, to_json, to_markdown

    if output_format == "json":
        return to_json(rows) + "\n"
    if output_format == "csv":
        key_columns = {"district": ["district_code", "district"], "product_type": ["product_type", "label"]}
        return to_csv(rows, [key for dim in dimensions for key in key_columns[dim]] + list(MEASURES))
    lines, columns, total_row = summary_table(rows, dimensions)
    title = t("summary_title_" + "_".join(dimensions))
    return f"**{title}**\n\n" + to_markdown(lines, columns, current_language(), total_row)
