"""`uppks settings`: what reports print that the registry's groups do not hold
(the letterhead, the signature block, the KB target), set once in the registry file."""

from __future__ import annotations

from uppks_cli.cli import grammar as g
from uppks_cli.cli.output import emit
from uppks_cli.cli.typer_app import command, session, settings_app


def _show(output: str) -> None:
    from uppks_cli.domain.settings import all_settings

    words = session.words
    rows = [{"setting": name, "value": value, "about": words("setting_about_" + name)}
            for name, value in all_settings(session.open_registry()).items()]
    if output == "json":
        emit(output, [{"setting": row["setting"], "value": row["value"]} for row in rows], ("setting", "value"), words)
        return
    emit(output, rows, ("setting", "value"), words, table_keys=("setting", "value", "about"),
         title=words("settings_title"))


@command(None, "help_settings", g.FORMAT, group=settings_app)
def settings_cli(output: str) -> None:
    _show(output)


@command("show", "help_settings_show", g.FORMAT, group=settings_app)
def settings_show_cli(output: str) -> None:
    _show(output)


@command("set", "help_settings_set", g.SETTING_KEY, g.SETTING_VALUE, group=settings_app)
def settings_set_cli(key: str, value: str) -> None:
    from uppks_cli.domain.settings import set_setting

    name, kept = set_setting(session.open_registry(create=True), key, value)
    session.say(session.words("settings_set_done", setting=name, value=kept))


@command("unset", "help_settings_unset", g.SETTING_KEY, group=settings_app)
def settings_unset_cli(key: str) -> None:
    from uppks_cli.domain.settings import unset_setting

    name, was_set = unset_setting(session.open_registry(), key)
    session.say(session.words("settings_unset_done" if was_set else "settings_was_not_set", setting=name))
