"""Hostile text (control characters, Rich markup, HTML, Markdown, formulas) goes through every
output and comes back as typed, and inert."""

import csv
import itertools
import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppks_cli.cli.boundary import visible
from uppks_cli.domain.values import restore_neutralised
from uppks_cli.reports.formats import markdown_text

EXAMPLES = itertools.count(1)  # one registry serves every example: each group is its own
HOSTILE = st.text(alphabet="ab Z'[]/<>&*_|`=+-@#!\x1b\x07\x9b\u202e\u200b\u2019", min_size=1, max_size=24)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE)
def test_hostile_text_is_shown_as_typed_and_inert(run, tmp_path, text):
    from openpyxl import load_workbook

    name = "UPPKA " + "".join(char for char in text if char.isprintable()) + f" {next(EXAMPLES)}"
    added = run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa", "--leader", text,
                "--notes", text)
    if re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f]", text):
        # a control character is refused in every text field, in one line that shows it escaped
        assert (added.exit_code, added.stderr.count("\n")) == (1, 1) and "\x1b" not in added.stderr
        return
    assert added.exit_code == 0, added.output
    group_id = added.stdout.strip()
    stored = json.loads(run("show", group_id, "-f", "json").stdout)
    # terminal: no escape sequence, no markup read, every character visible
    for command in (["show", group_id], ["list"], ["history", group_id]):
        shown = run(*command).stdout
        assert not {"\x1b", "\x07", "\x9b", "\u202e", "\u200b"} & set(shown)
    if stored["leader"]:
        assert visible(stored["leader"]) in run("show", group_id).stdout.replace("\n", "")
    # CSV: the formula guard, and back as typed
    exported = tmp_path / f"e{group_id}.csv"
    run("export", "-o", str(exported), "--force")
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        row = next(line for line in csv.DictReader(handle) if line["id"] == group_id)
    for key in ("leader", "notes"):
        cell = row[key]
        assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r") or stored[key] is None
        assert restore_neutralised(cell) == (stored[key] or "")
    # XLSX: plain values, as typed
    book = tmp_path / f"e{group_id}.xlsx"
    run("export", "-o", str(book), "--force")
    sheet = load_workbook(book).active
    header = [cell.value for cell in sheet[1]]
    line = next(row for row in sheet.iter_rows(min_row=2) if str(row[0].value) == group_id)
    assert all(cell.data_type != "f" for cell in line)
    # control characters travel as OOXML writes them (_x001B_), which Excel reads back
    leader = line[header.index("leader")].value
    assert (re.sub(r"_x([0-9A-F]{4})_", lambda found: chr(int(found.group(1), 16)), leader) if leader else leader
            ) == stored["leader"]
    # HTML and Markdown reports: the name escaped, no tag from data
    page = tmp_path / f"r{group_id}.html"
    run("report", "-o", str(page), "--force", "--since", "2000-01-01")
    tags = _Tags()
    tags.feed(page.read_text(encoding="utf-8"))
    assert set(tags.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "section", "div",
                              "svg", "text", "rect", "table", "thead", "tbody", "tr", "th", "td"}
    assert stored["name"] in "".join(tags.text)
    notes = tmp_path / f"r{group_id}.md"
    run("report", "-o", str(notes), "--force", "--since", "2000-01-01")
    assert markdown_text(stored["name"]) in notes.read_text(encoding="utf-8")


def test_a_direction_override_in_a_name_is_shown_escaped_in_the_reports_as_in_the_terminal(run, tmp_path):
    """U+202E shows "UPPKA Mawar" as "rawaM APPU" where it takes effect: a page or a Markdown viewer
    would show another name than the one stored, so it is written as its escape, as `list` shows it."""
    assert run("add", "--name", "UPPKA Ma\u202ewar", "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    page, notes = tmp_path / "r.html", tmp_path / "r.md"
    for path in (page, notes):
        assert run("report", "-o", str(path), "--since", "2000-01-01").exit_code == 0
    html_text, markdown = page.read_text(encoding="utf-8"), notes.read_text(encoding="utf-8")
    assert "\u202e" not in html_text + markdown
    assert "UPPKA Ma\\u202ewar" in html_text and "UPPKA Ma\\\\u202ewar" in markdown
    assert "UPPKA Ma\\u202ewar" in run("list").stdout


def test_a_file_names_escape_sequence_reaches_a_terminal_shown_not_run(run, tmp_path, monkeypatch):
    from uppks_cli.cli import output

    sheet = tmp_path / "\x1b[2Jpidie.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Mawar,Pidie,jasa\n", encoding="utf-8")
    assert run("import", str(sheet), "-q").exit_code == 0
    piped = run("imports", "-f", "csv").stdout.splitlines()[1].split(",")
    assert piped[2] == "\x1b[2Jpidie.csv"  # a pipe or a file gets the name as it is
    monkeypatch.setattr(output, "stdout_is_a_terminal", lambda: True)
    shown = run("imports", "-f", "csv").stdout
    assert "\x1b" not in shown and shown.splitlines()[1].split(",")[2] == "\\x1b[2Jpidie.csv"
