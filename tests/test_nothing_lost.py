"""Nothing lost: outputs never write over the registry, an input, a device or a folder;
backups never prune the wrong copies; files with personal data are private."""

import json
import os
import stat
from pathlib import Path

import pytest

from uppks_cli.registry.backup import backup, prune
from uppks_cli.registry.connection import connect


def test_pruning_keeps_this_registrys_newest_and_the_automatic_ones(conn, db_path):
    folder = db_path.parent / "backups"
    folder.mkdir()
    # another registry beside this one, whose name starts the same, has backups of its own
    others = [folder / f"registry-contoh-20300101-00000{i}-000000-manual.db" for i in range(3)]
    for other in others:
        other.write_bytes(b"")
    automatic = backup(conn, db_path, reason="before-migration", keep=2)
    made = [backup(conn, db_path, keep=2) for _ in range(4)]
    left = sorted(path.name for path in folder.iterdir())
    assert left == sorted([*(other.name for other in others), automatic.name, made[-2].name, made[-1].name])
    assert prune(folder, db_path.stem, 1, made=made[-1]) == [made[-2]]
    assert made[-1].exists()


def test_restore_keeps_the_registry_it_replaces(run, tmp_path, db_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    copy = Path(run("backup", str(tmp_path / "cadangan.db")).stdout.strip())
    for _ in range(12):
        run("backup")
    done = run("restore", str(copy), "--yes")
    kept = done.stderr.split("kept as ")[1].rstrip(".\n")
    assert Path(kept).exists()


@pytest.mark.parametrize("target", ["registry", "journal", "input"])
def test_rejects_never_write_over_the_registry_or_an_input(run, tmp_path, db_path, target):
    connect(db_path).close()  # the registry exists
    sheet = tmp_path / "lembar.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Mawar,Pidie,kosmetik\n", encoding="utf-8")
    path = {"registry": db_path, "journal": Path(str(db_path) + "-journal"), "input": sheet}[target]
    before = path.read_bytes() if path.exists() else None
    refused = run("import", str(sheet), "--rejects", str(path))
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: {path} is the registry, one of its files, or a file this command reads; it is never written over. "
        "Choose another file.\n"))
    assert (path.read_bytes() if path.exists() else None) == before


def test_rejects_never_replace_a_file_and_are_private(run, tmp_path):
    sheet = tmp_path / "lembar.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Ketua\nUPPKA Mawar,Pidie,kosmetik,Rahmah\n",
                     encoding="utf-8")
    rejects = tmp_path / "ditolak.csv"
    run("import", str(sheet), "--rejects", str(rejects))
    assert stat.S_IMODE(os.stat(rejects).st_mode) == 0o600
    written = rejects.read_bytes()
    again = run("import", str(sheet), "--rejects", str(rejects))
    assert (again.exit_code, again.stderr) == (1, (
        f"Error: --rejects: {rejects} already exists; give a new file name for the refused rows (nothing was "
        "imported).\n"))
    assert rejects.read_bytes() == written


@pytest.mark.parametrize("command", [["export"], ["report"]])
def test_outputs_never_write_over_the_registry_a_device_or_a_folder(run, tmp_path, db_path, command):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    before = db_path.read_bytes()
    over_registry = run(*command, "-o", str(db_path), "--force")
    assert over_registry.exit_code == 1 and "is the registry, one of its files" in over_registry.stderr
    assert db_path.read_bytes() == before
    device = run(*command, "-o", os.devnull, "--force", "-f", "csv" if command == ["export"] else "markdown")
    assert (device.exit_code, device.stderr) == (1, (
        f"Error: {os.devnull} is not a regular file (a folder, a device or a pipe); give the name of a file to "
        "write.\n"))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert run(*command, "-o", str(folder), "--force", "-f", "csv" if command == ["export"] else "markdown"
               ).exit_code == 1
    assert folder.is_dir()


def test_json_exports_have_no_bom(run, tmp_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    for suffix in ("json", "jsonl"):
        target = tmp_path / f"e.{suffix}"
        run("export", "-o", str(target))
        assert not target.read_bytes().startswith(b"\xef\xbb\xbf")
        json.loads(target.read_text(encoding="utf-8").splitlines()[0] if suffix == "jsonl"
                   else target.read_text(encoding="utf-8"))
    csv_file = tmp_path / "e.csv"
    run("export", "-o", str(csv_file))
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")


def test_redact_clears_every_free_text_about_people(run, tmp_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--leader", "Rahmah",
        "--phone", "081234567890", "--notes", "hubungi Rahmah")
    run("deactivate", "1", "--reason", "ketua pindah, hubungi 081299998888")
    exported = json.loads(run("export", "--status", "all", "-f", "json", "--redact").stdout)[0]
    assert [exported[key] for key in ("leader", "phone", "notes", "inactive_reason")] == [None] * 4


def test_a_backup_never_replaces_a_file_nor_guesses_a_missing_folder(run, tmp_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    existing = tmp_path / "ada.db"
    existing.write_bytes(b"penting")
    refused = run("backup", str(existing))
    assert (refused.exit_code, existing.read_bytes()) == (1, b"penting")
    assert "--force" not in refused.stderr
    missing = run("backup", str(tmp_path / "usb") + "/")
    assert (missing.exit_code, missing.stderr) == (1, (
        f"Error: the folder {tmp_path / 'usb'}/ is not there (is the USB stick plugged in?); nothing was written.\n"))
    assert not (tmp_path / "usb").exists()


HOSTILE = ["UPPKA \x1b[31mMerah\x1b[0m", "[link=http://evil.example]Klik[/link]", "UPPKA Mawar [lama]", "Bad [/]",
           "\x1b]8;;http://evil.example\x07Klik\x1b]8;;\x07", "<script>alert(1)</script>", "Kanan\u202eiri"]


@pytest.mark.parametrize("text", HOSTILE)
def test_data_reaches_the_terminal_as_typed_and_inert(run, text):
    from uppks_cli.cli.boundary import visible

    shown = visible(text)
    assert "\x1b" not in shown and "\u202e" not in shown
    # a control character inside a name is refused (test_rules); the other fields keep it
    name = "Kelompok " + "".join(char for char in text if char.isprintable())
    added = run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa", "--leader", text,
                "--notes", text)
    if "\x1b" in text or "\x07" in text:  # control characters are refused in every text field
        assert (added.exit_code, added.stderr.count("\n")) == (1, 1) and "\\x1b" in added.stderr
        return
    assert added.exit_code == 0, added.output
    for command in (["list"], ["show", "1"], ["history", "1"]):
        result = run("--lang", "id", *command)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert shown in run("show", "1").stdout  # the leader, as typed: markup not read, controls visible
    edited = run("edit", "1", "--leader", text + " baru")
    assert "\x1b" not in edited.stderr and shown in edited.stderr
    refused = run("add", "--name", text, "--district", text, "--product-type", "jasa")
    assert refused.exit_code == 1 and "\x1b" not in refused.stderr and refused.stderr.count("\n") == 1


def test_a_label_with_markup_breaks_no_listing(run):
    run("product-types", "add", "aneh", "--label-id", "Aneh [/]", "--label-en", "[bold]Odd[/bold]")
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "aneh")
    for command in (["product-types"], ["summary", "--by", "product-type"], ["summary", "--by", "product-type",
                                                                             "--chart"]):
        result = run(*command)
        assert result.exit_code == 0, result.output
        assert "[bold]Odd[/bold]" in result.stdout


def test_markdown_keeps_names_as_text(run, tmp_path):
    run("add", "--name", "<script>alert(1)</script> [x](http://evil.example) *tebal* UPPKA", "--district", "Pidie",
        "--product-type", "jasa")
    report = tmp_path / "rapat.md"
    run("report", "-o", str(report), "--since", "2000-01-01")
    text = report.read_text(encoding="utf-8")
    assert "<script>" not in text and "](" not in text.replace("\\](", "")
    assert "\\<script\\>alert(1)\\</script\\> \\[x\\](http://evil.example) \\*tebal\\* UPPKA" in text


@pytest.mark.parametrize("command", [["show"], ["history"], ["deactivate"], ["undo-import"], ["edit"]])
def test_a_twenty_digit_number_is_a_usage_error(run, command):
    result = run(*command, "99999999999999999999", *(["--members", "3"] if command == ["edit"] else []))
    assert result.exit_code == 2 and "is not in the range 1<=x<=9223372036854775807" in result.stderr


@pytest.mark.parametrize("encoding, message", [
    ("rot13", "--encoding: 'rot13' is not an encoding Python knows; try utf-8 or cp1252."),
    ("hex", "--encoding: 'hex' is not an encoding Python knows; try utf-8 or cp1252."),
    ("utf-16", "{path} is not valid utf-16 text; try --encoding cp1252 or --encoding utf-8."),
])
def test_an_encoding_that_cannot_read_the_file_is_one_line(run, tmp_path, encoding, message):
    sheet = tmp_path / "e.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA A,Pidie,jasa\n", encoding="utf-8")
    result = run("import", str(sheet), "--encoding", encoding)
    assert (result.exit_code, result.stderr) == (1, "Error: " + message.format(path=sheet) + "\n")


def test_an_empty_json_says_it_held_no_rows(run, tmp_path):
    empty = tmp_path / "kosong.json"
    empty.write_text("[]", encoding="utf-8")
    assert run("import", str(empty)).stderr.splitlines()[-1] == "Nothing to write: the files held no group rows."


@pytest.mark.parametrize("delimiter", ['"', "\r", "a", "7", ":"])
def test_a_delimiter_that_would_break_cells_is_refused(run, conn, delimiter):
    from uppks_cli.cli.boundary import visible

    result = run("export", "--delimiter", delimiter)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: --delimiter: '{visible(delimiter)}' is not one the import reads back; use , ; | or tab.\n")


def test_closed_standard_input_is_one_line():
    import subprocess

    from test_entry_point import uppks_executable

    result = subprocess.run(f"{uppks_executable()} import - <&-", shell=True, capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stderr) == (
        1, "Error: there is no standard input to read (it was closed); give a file instead of -.\n")


def test_numbers_of_removed_groups_are_never_given_again(run, tmp_path):
    run("add", "--name", "UPPKA Lama", "--district", "Pidie", "--product-type", "jasa")
    sheet = tmp_path / "a.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Mawar,Pidie,jasa\nUPPKA Melati,Pidie,jasa\n",
                     encoding="utf-8")
    run("import", str(sheet))
    run("undo-import", "1", "--yes")
    assert run("add", "--name", "UPPKA Baru", "--district", "Pidie", "--product-type", "jasa").stdout == "4\n"
    other = tmp_path / "b.csv"
    other.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Seulanga,Pidie,jasa\nUPPKA Cempaka,Pidie,jasa\n",
                     encoding="utf-8")
    run("import", str(other))
    run("undo-import", "2", "--yes")
    run("import", str(other))
    listed = json.loads(run("list", "-f", "json").stdout)
    assert [(group["id"], group["name"]) for group in listed] == [
        (1, "UPPKA Lama"), (4, "UPPKA Baru"), (7, "UPPKA Seulanga"), (8, "UPPKA Cempaka")]
    assert [entry["action"] for entry in json.loads(run("history", "7", "-f", "json").stdout)] == ["imported"]


def test_a_device_is_refused_and_a_pipe_read_once(run, tmp_path):
    import subprocess

    from test_entry_point import uppks_executable

    refused = run("import", "/dev/zero")
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: /dev/zero is a device, not a file; save the sheet as a file and import that.\n")
    database = tmp_path / "pipa.db"
    result = subprocess.run(["bash", "-c", f"{uppks_executable()} --db {database} import --quiet "
                             "<(printf 'Nama Kelompok,Kabupaten,Jenis Usaha\\nUPPKA Mawar,Pidie,jasa\\n')"],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert run("--db", str(database), "count").stdout == "1\n"


def test_restore_through_a_link_replaces_the_file_it_points_to(run, tmp_path):
    real = tmp_path / "asli.db"
    link = tmp_path / "tautan.db"
    run("--db", str(real), "add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    copy = Path(run("--db", str(real), "backup", str(tmp_path / "cadangan.db")).stdout.strip())
    run("--db", str(real), "add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "jasa")
    link.symlink_to(real)
    restored = run("--db", str(link), "restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    assert link.is_symlink() and run("--db", str(real), "count").stdout == "1\n"


@pytest.mark.parametrize("kind", ["empty", "dangling link"])
def test_a_registry_made_from_an_empty_file_or_a_link_is_private(run, tmp_path, kind):
    target = tmp_path / "daftar.db"
    db = target
    if kind == "empty":
        target.write_bytes(b"")
        target.chmod(0o644)
    else:
        db = tmp_path / "tautan.db"
        db.symlink_to(target)
    run("--db", str(db), "add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_half_written_files_of_a_killed_uppks_are_cleared(run, tmp_path):
    import tempfile

    dead = 2**22 + 12345  # no such process
    stale_output = tmp_path / f".e.csv.{dead}.abcd.partial"
    stale_output.write_text("half")
    stale_stdin = Path(tempfile.gettempdir()) / f"uppks-stdin-{dead}-abcd"
    stale_stdin.write_text("half")
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    run("export", "-o", str(tmp_path / "e.csv"))
    run("import", "-", input="Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Melati,Pidie,jasa\n")
    assert not stale_output.exists() and not stale_stdin.exists()


def test_restore_onto_a_damaged_registry_keeps_its_bytes(run, tmp_path, db_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    copy = Path(run("backup", str(tmp_path / "cadangan.db")).stdout.strip())
    db_path.write_bytes(b"rusak" * 1000)
    restored = run("restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    kept = Path(restored.stderr.split("kept as ")[1].rstrip(".\n"))
    assert kept.read_bytes() == b"rusak" * 1000
    assert run("count").stdout == "1\n"


def test_a_backup_that_cannot_be_written_says_so_about_the_copy(run, tmp_path, db_path):
    """A full USB stick: files may not grow past a few kilobytes, as on a full disk."""
    import resource
    import signal
    import subprocess

    from test_entry_point import uppks_executable

    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    target = tmp_path / "usb" / "salinan.db"
    target.parent.mkdir()
    result = subprocess.run([uppks_executable(), "--db", str(db_path), "backup", str(target)], capture_output=True,
                            text=True, preexec_fn=small_files, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: the backup {target} could not be written (")
    assert "disk holding" not in result.stderr and not target.exists()


def test_a_text_file_without_line_breaks_is_not_read_whole(run, tmp_path):
    endless = tmp_path / "satu-baris.csv"
    endless.write_bytes(b"Nama Kelompok," + b"x" * (9 << 20))
    result = run("import", str(endless))
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {endless} has a line of 9 MB (more than 8 MB): it is not a table of groups; check that it is the "
        "right file.\n"))


@pytest.mark.parametrize("quotes", ["double", "single"])
def test_a_stray_cell_at_the_end_of_the_sheet_is_refused_not_a_crash(run, tmp_path, quotes):
    from openpyxl import Workbook
    from xlsx_edit import with_sheet_xml_replaced

    book = Workbook()
    sheet = book.active
    sheet.title = "Pidie"
    sheet.append(["Nama Kelompok", "Kabupaten", "Jenis Usaha"])
    sheet.append(["UPPKA Mawar", "Pidie", "jasa"])
    sheet["XFD1048576"] = "x"
    path = tmp_path / "jauh.xlsx"
    book.save(path)
    if quotes == "single":  # as other programs may write the attribute
        path = with_sheet_xml_replaced(path, tmp_path / "kutip.xlsx", b'r="XFD1048576"', b"r='XFD1048576'")
    result = run("import", str(path))
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {path}: sheet 'Pidie' has cells out to row 1048576 and column 16384, too far to read; delete the "
        "stray cells far from the table (Ctrl+End shows the last one) and save again.\n"))


def test_a_stray_cell_far_down_an_ods_sheet_is_refused_before_it_is_read(run, tmp_path):
    import zipfile

    # as LibreOffice saves it: empty rows and cells as repeat counts; the Pidie sheet has 19 rows
    trailing = ('table:number-rows-repeated="1048556"><table:table-cell table:number-columns-repeated="16384"/>'
                '</table:table-row>')
    stray = ('table:number-rows-repeated="99980"><table:table-cell table:number-columns-repeated="16384"/>'
             '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="299"/>'
             '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    original = Path(__file__).parent / "fixtures" / "district-sheets.ods"
    path = tmp_path / "jauh.ods"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "content.xml":
                data = data.decode().replace(trailing, stray, 1).encode()
            target.writestr(item, data)
    result = run("import", str(path))
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {path}: sheet 'Pidie' has cells out to row 100000 and column 300, too far to read; delete the "
        "stray cells far from the table (Ctrl+End shows the last one) and save again.\n"))


def test_a_stray_cell_in_the_last_row_and_column_of_an_xls_sheet_is_refused_before_it_is_read(run):
    """A 6 KB .xls (saved by LibreOffice) with a cell at IV65536: read, it took a gigabyte of memory."""
    path = Path(__file__).parent / "fixtures" / "far-cell.xls"
    result = run("import", str(path))
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {path}: sheet 'Pidie' has cells out to row 65536 and column 256, too far to read; delete the "
        "stray cells far from the table (Ctrl+End shows the last one) and save again.\n"))


def test_two_registries_of_one_name_keep_their_own_backups(run, tmp_path):
    for name in ("reg.db", "reg.sqlite"):
        run("--db", str(tmp_path / name), "add", "--name", "UPPKA Mawar", "--district", "Pidie",
            "--product-type", "jasa")
    for _ in range(3):
        run("--db", str(tmp_path / "reg.db"), "backup")
    for _ in range(2):
        run("--db", str(tmp_path / "reg.sqlite"), "backup", "--keep", "1")
    names = sorted(path.name for path in (tmp_path / "backups").iterdir())
    assert [name.split("-")[0] for name in names] == ["reg", "reg", "reg", "reg.sqlite"]


def test_a_writer_waiting_during_a_restore_writes_nothing_to_the_old_file(tmp_path):
    from uppks_cli.errors import UppksError
    from uppks_cli.registry.connection import connect, transaction
    from uppks_cli.registry.safety import restore

    path = tmp_path / "daftar.db"
    connect(path).close()
    copy = tmp_path / "cadangan.db"
    first = connect(path)
    backup(first, path, copy)
    waiting = connect(path)  # a writer that opened the registry before the restore
    restore(path, copy)
    with pytest.raises(UppksError) as refused:
        with transaction(waiting):
            waiting.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    assert refused.value.key == "error_db_replaced"
    first.close()
    waiting.close()


def _damage_a_table_page(db_path, table: str = "groups"):
    """Scribble over the head of a table's first page, as a failing disk would."""
    import sqlite3

    raw = sqlite3.connect(db_path)
    page = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    with open(db_path, "r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\x0d\xff\xff\xff\xff\xff\xff\xff")


def test_a_backup_of_a_damaged_registry_never_prunes_the_good_ones(run, db_path):
    for number in range(40):
        run("add", "--name", f"UPPKA Kelompok {number}", "--district", "Pidie", "--product-type", "jasa",
            "--notes", "catatan panjang " * 20)
    good = [Path(run("backup", "--keep", "2").stdout.strip()) for _ in range(2)]
    _damage_a_table_page(db_path)
    refused = run("backup", "--keep", "2")
    copy = sorted(set((db_path.parent / "backups").iterdir()) - set(good))
    assert len(copy) == 1
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: the registry is damaged (")
    assert refused.stderr.endswith(
        f"); its copy is in {copy[0]}, and no older backup was removed, since they may be the last good ones. "
        "Run `uppks check`, then `uppks restore` a good backup.\n")
    assert all(path.exists() for path in good)
    done = run("restore", str(good[-1]), "--yes")
    assert done.exit_code == 0
    assert run("count").stdout == "40\n"


def test_restore_names_a_folder_a_pipe_or_the_registry_itself_for_what_it_is(run, tmp_path, db_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    link = tmp_path / "tautan.db"
    link.symlink_to(db_path)
    pipe = tmp_path / "pipa"
    os.mkfifo(pipe)
    for given in (db_path, link):
        refused = run("restore", str(given), "--yes")
        assert (refused.exit_code, refused.stderr) == (1, (
            f"Error: {given} is the registry itself, not a backup of it; give a backup to restore from "
            "(uppks backup writes them into the backups folder beside the registry).\n"))
    for given in (tmp_path, pipe):
        refused = run("restore", str(given), "--yes")
        assert (refused.exit_code, refused.stderr) == (1, (
            f"Error: {given} is a folder, a device or a pipe, not a backup; give the backup's file "
            "(uppks backup writes them into the backups folder beside the registry).\n"))
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize("folder", ["usb #1", "data?lama", "100%"])
def test_a_backup_into_a_folder_whose_name_holds_a_uri_character_is_checked_there(run, db_path, tmp_path, folder):
    """The copy was opened as 'file:{path}?mode=ro': a '#' or '?' in the folder's name cut the path
    there, so an empty file was made beside the folder and checked instead of the copy."""
    for number in range(40):
        run("add", "--name", f"UPPKA Kelompok {number}", "--district", "Pidie", "--product-type", "jasa",
            "--notes", "catatan panjang " * 20)
    stick = tmp_path / folder
    stick.mkdir()
    before = set(tmp_path.iterdir())
    _damage_a_table_page(db_path)
    refused = run("backup", str(stick) + "/")
    assert (refused.exit_code, refused.stderr.startswith("Error: the registry is damaged (")) == (1, True)
    assert set(tmp_path.iterdir()) == before  # nothing made beside the folder
    assert len(list(stick.iterdir())) == 1


def test_an_undo_on_a_damaged_registry_stops_before_changing_it(run, tmp_path, db_path):
    """The damage lies where the undo does not read (the activities' page); the backup made before
    it finds it, and the undo stops there rather than write into a damaged file."""
    sheet = tmp_path / "pidie.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Mawar,Pidie,jasa\n", encoding="utf-8")
    assert run("import", str(sheet), "-q").exit_code == 0
    _damage_a_table_page(db_path, "activities")
    before = db_path.read_bytes()
    refused = run("undo-import", "1", "--yes")
    copy = next((db_path.parent / "backups").iterdir())
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: the registry is damaged (database disk image is malformed); its copy is in {copy}, and no older "
        "backup was removed, since they may be the last good ones. Run `uppks check`, then `uppks restore` a good "
        "backup.\n"))
    assert db_path.read_bytes() == before


def test_a_killed_backups_half_written_copy_is_cleared_by_the_next_backup(run, conn, db_path):
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()  # a process id nobody has any more, like a killed uppks's
    folder = db_path.parent / "backups"
    folder.mkdir()
    stem = db_path.stem
    left = [f".{stem}-20300101-000000-000000-manual.db.{gone.pid}.abc123.partial",
            f".{stem}-20300101-000000-000000-manual.db.{gone.pid}.abc123.partial-journal",
            f".{stem}-20300101-000000-000001-before-restore-damaged.db.{gone.pid}.x_y.partial"]
    kept = [f".{stem}-20300101-000000-000002-manual.db.1.abc123.partial",  # its writer still runs
            f".{stem}-contoh-20300101-000000-000000-manual.db.{gone.pid}.abc123.partial",  # another registry's
            f".{stem}-notes.txt.{gone.pid}.abc123.partial"]  # not a backup
    for name in left + kept:
        (folder / name).write_bytes(b"half")
    made = Path(run("backup").stdout.strip())
    assert sorted(path.name for path in folder.iterdir()) == sorted([made.name, *kept])


_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("UPDATE groups SET notes = 'ditulis lewat log' WHERE id = 1")  # committed, in the -wal only
print("ready", flush=True)
sys.stdin.read()
conn.close()
"""


def test_a_restore_waits_for_a_write_ahead_log_kept_open_by_another_process(run, tmp_path, db_path):
    """Another process (a big import or undo) keeps the registry in WAL mode with committed pages still in
    the -wal beside it: the kept copy would lack them, and the -wal, left beside the restored file, would be
    played back onto it. The restore waits until the other process lets go, then copies a whole file."""
    import subprocess
    import sys
    import threading

    from uppks_cli.registry.safety import restore

    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    copy = Path(run("backup", str(tmp_path / "cadangan.db")).stdout.strip())
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "jasa")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "ready\n"
        threading.Timer(1.0, holder.stdin.close).start()  # lets go while the restore waits
        told = []
        done = restore(db_path, copy, on_wait=lambda: told.append("waiting"))
        waited = [holder.wait(timeout=60)]
    finally:
        holder.kill()
    assert (waited, told) == ([0], ["waiting"])  # and said once that it waits
    assert not any(Path(str(db_path) + suffix).exists() for suffix in ("-wal", "-shm", "-journal"))
    names = [group["name"] for group in json.loads(run("list", "-f", "json").stdout)]
    assert names == ["UPPKA Mawar"]
    # the copy kept is whole on its own, the other process's last write included
    kept = tmp_path / "kept-alone.db"
    kept.write_bytes(Path(done["kept"]).read_bytes())
    alone = connect(kept)
    try:
        assert alone.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [tuple(row) for row in alone.execute("SELECT name, notes FROM groups ORDER BY id")] == [
            ("UPPKA Mawar", "ditulis lewat log"), ("UPPKA Melati", None)]
    finally:
        alone.close()


def test_the_rejects_file_is_never_written_through_a_file_or_link_already_there(run, tmp_path):
    """It was written through "NAME.partial", opened with truncation: a link of that name sent the refused
    rows (leaders, phones) into whatever it pointed to, and a file of that name was lost."""
    elsewhere = tmp_path / "catatan-penting.txt"
    elsewhere.write_text("jangan ditimpa\n", encoding="utf-8")
    (tmp_path / "ditolak.csv.partial").symlink_to(elsewhere)
    sheet = tmp_path / "pidie.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,lima\n"
                     "UPPKA Melati,Pidie,jasa,7\n", encoding="utf-8")
    rejects = tmp_path / "ditolak.csv"
    assert run("import", str(sheet), "--skip-invalid", "--rejects", str(rejects), "-q").exit_code == 0
    assert elsewhere.read_text(encoding="utf-8") == "jangan ditimpa\n"
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600
    assert rejects.read_text(encoding="utf-8-sig").splitlines()[1].startswith(f"{sheet},,2,UPPKA Mawar,")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "catatan-penting.txt", "ditolak.csv", "ditolak.csv.partial", "pidie.csv", "registry.db"]
