"""Reading a sheet of coaching activities and checking its rows: the same stream of
events as monthly_rows, with no database, so it runs in this process or a second one.

A row names its group (name, district, kecamatan) as a monthly report does, and
gives an activity through the one activity check (domain/coaching.py): date,
kind (English or Indonesian), topic, by, attended, amount and partner; a
certification may give the NIB, P-IRT or halal number it got the group. A row is
(district code, name key, kecamatan, name, the activity by column, {paper: number}).
"""

from __future__ import annotations

from uppks_cli.domain.coaching import checked_activity, kind_said
from uppks_cli.domain.legality import PAPERS, parse_paper
from uppks_cli.domain.values import excel_serial_date
from uppks_cli.errors import UppksError
from uppks_cli.importing.checking import sheet_tables
from uppks_cli.importing.headers import ACTIVITY_HEADINGS
from uppks_cli.importing.monthly_rows import GroupRowChecker

_ACTIVITY_GIVEN = ("date", "kind", "topic", "by", "attended", "amount", "partner")


def activity_rows(source, options, mappings: dict, checker: ActivityChecker, seen=None):
    """Every row of a source's activity sheets, checked."""
    checker.file = source.label
    for event in sheet_tables(source, options, mappings, ACTIVITY_HEADINGS):
        if event[0] != "table":
            yield event
            continue
        table = event[1]
        yield from table.events(lambda block, table=table: checker.check_block(
            block, table.name, table.headers, table.fields))


class ActivityChecker(GroupRowChecker):
    """Checks blocks of an activity sheet's rows; the group columns are read once per value."""

    def check_block(self, block: list[tuple[int, tuple]], sheet: str | None, headers: dict, fields: list[str]):
        column = self.columns(block, fields)
        slot = {field_name: index for index, field_name in enumerate(fields)}
        papers = {paper: column(paper, lambda value, paper=paper: parse_paper(value, paper)) for paper in PAPERS}
        doubtful = self.date_order(block, fields, "date", sheet, "error_date_order")
        outcomes = []
        for index, (group, refusals, district, subdistrict) in enumerate(self.groups(block, fields, column)):
            values = block[index][1]
            refusals += [value for value in (district, subdistrict) if isinstance(value, UppksError)]
            given = {field_name: values[slot[field_name]] for field_name in _ACTIVITY_GIVEN if field_name in slot}
            activity = None
            if doubtful[index] is not None:
                refusals.append(doubtful[index])
            try:
                activity = checked_activity({**given, "date": _day(given.get("date"))})
            except UppksError as refusal:
                refusals.append(_in_a_cell(refusal))
            set_papers = {paper: numbers[index] for paper, numbers in papers.items() if numbers[index] is not None}
            refusals += [number for number in set_papers.values() if isinstance(number, UppksError)]
            if activity is not None and set_papers and activity["kind"] != "certification":
                paper = next(iter(set_papers))
                refusals.append(UppksError("error_activity_paper_cell", field=paper, column=headers.get(paper, paper),
                                           kind=kind_said(activity["kind"])))
            outcomes.append((refusals, (*group, activity, set_papers) if not refusals else None))
        yield from self.events(block, sheet, headers, fields, outcomes)


def _day(value):
    """A spreadsheet's date kept as a number (46307) is the day it stands for."""
    return excel_serial_date(value) or value


def _in_a_cell(refusal: UppksError) -> UppksError:
    """The activity check's refusals, said about the cells of a file rather than the options."""
    params = refusal.params
    if refusal.key == "error_capital_needs":
        missing = "amount" if params.get("amount") == "-" else "partner"
        return UppksError("error_activity_capital_cell", field=missing, **params)
    if refusal.key == "error_amount_not_capital":
        return UppksError("error_activity_amount_cell", field="amount", **params)
    if refusal.key == "error_activity_kind":
        return UppksError(refusal.key, field="kind", **params)
    return refusal
