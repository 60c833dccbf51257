"""Groups written out in a machine format: `list --format json|csv` and `export`, answered
alike by the quick path (quick.py) and the full command line."""

from __future__ import annotations

import sys


def machine_listing(conn, group_filter, values: dict, session) -> None:
    """`list` in a machine format, and `export` (values["command"]); the full command line runs these too."""
    from uppks_cli.cli.output import stdout_is_a_file

    if values["command"] == "list":
        from uppks_cli.cli.output import emit_records
        from uppks_cli.domain.groups import GroupTexts
        from uppks_cli.registry.columns import PUBLIC_FIELDS

        limit = None if values["limit"] is None else int(values["limit"])
        emit_records(values["output"], GroupTexts(conn, group_filter, sort=values["sort"], limit=limit), PUBLIC_FIELDS)
        return
    from uppks_cli.reports.export import export_to, format_for

    output, bom = values["output"], values["bom"]
    chosen = format_for(output, values["output_format"])
    count = export_to(conn, group_filter, output, chosen, redact=values["redact"], force=values["force"],
                      delimiter=values["delimiter"], bom=stdout_is_a_file() if bom is None and output in (None, "-")
                      else bom, stdout=sys.stdout)
    if output not in (None, "-"):
        session.say(session.words("export_done", count=count, path=output, format=chosen))
