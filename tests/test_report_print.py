"""The report as it comes out of a printer: the HTML printed to PDF by headless
Chromium, the XLSX by LibreOffice. Each test needs its program (and poppler's
pdfinfo and pdftotext) and is skipped only where one is not installed."""

import re
import shutil
import subprocess

import pytest

from uppks_cli.importing.example import load_example

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
                None)
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PORTRAIT, LANDSCAPE = "portrait", "landscape"


def page_orientations(pdf) -> list[str]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, flags=re.M)
    return [PORTRAIT if float(width) < float(height) else LANDSCAPE for width, height in sizes]


def page_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def example(tmp_path, monkeypatch):
    """The bundled made-up groups, as `uppks demo` loads them."""
    path = tmp_path / "contoh.db"
    load_example(path)
    monkeypatch.setenv("UPPKS_DB", str(path))
    return path


@pytest.mark.skipif(not (CHROMIUM and POPPLER), reason="needs chromium, pdfinfo and pdftotext")
@pytest.mark.parametrize("language, cross_title, totals, page_words", [
    ("id", "Kelompok UPPKA: kabupaten/kota x jenis usaha", ("Kelompok", "Anggota", "Jumlah"), "Halaman {} dari {}"),
    ("en", "UPPKA groups: district x product type", ("Groups", "Members", "Total"), "Page {} of {}"),
])
def test_html_prints_every_table_whole_with_page_numbers(run, example, tmp_path, language, cross_title, totals,
                                                          page_words):
    run("settings", "set", "signature.name", "Dra. Nurlela")
    html = tmp_path / "rapat.html"
    assert run("--lang", language, "report", "-o", str(html)).exit_code == 0
    pdf = tmp_path / "rapat.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    html.as_uri()], capture_output=True, timeout=120, check=True)
    orientations = page_orientations(pdf)
    # the totals and both charts on the first page, the cross table alone on a landscape one,
    # the changes and the signature after it: no page left mostly empty before the wide table;
    # the coaching parts (business papers, attention, facilitation) follow on portrait pages
    assert orientations[:3] == [PORTRAIT, LANDSCAPE, PORTRAIT] and set(orientations[3:]) <= {PORTRAIT}
    pages = [page_text(pdf, number) for number in range(1, len(orientations) + 1)]
    cross_page = next(number for number, text in enumerate(pages) if cross_title in text)
    assert orientations[cross_page] == LANDSCAPE
    heading = next(line for line in pages[cross_page].splitlines() if line.strip().startswith(
        ("Kabupaten/Kota", "District")))
    assert heading.split()[-2:] == list(totals[:2])
    total_line = next(line for line in pages[cross_page].splitlines() if line.strip().startswith(totals[2]))
    assert total_line.split()[-2:] == ["31", "502"]
    for number, text in enumerate(pages, start=1):
        assert page_words.format(number, len(pages)) in text
    assert "Dra. Nurlela" in pages[-1]


@pytest.mark.skipif(not (LIBREOFFICE and POPPLER), reason="needs libreoffice and pdfinfo")
def test_xlsx_prints_a_page_per_sheet_in_libreoffice(run, example, tmp_path):
    workbook = tmp_path / "rapat.xlsx"
    assert run("--lang", "id", "report", "-o", str(workbook)).exit_code == 0
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
                    capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "rapat.pdf"
    # summary, districts beside their chart, product types, the cross table, the changes;
    # business papers, groups that need attention (their reasons wrapped in their column, so
    # three pages at a readable size, the heading on each), facilitation
    assert page_orientations(pdf) == [PORTRAIT, LANDSCAPE, PORTRAIT, LANDSCAPE, LANDSCAPE, PORTRAIT, PORTRAIT,
                                      PORTRAIT, PORTRAIT, PORTRAIT]
    assert "Halaman 4 dari 10" in page_text(pdf, 4)
    for page in (8, 9):
        assert page_text(pdf, page).split()[:5] == ["No.", "No.", "kelompok", "Nama", "kelompok"]
    cross_heading = next(line for line in page_text(pdf, 4).splitlines() if "Kabupaten/Kota" in line)
    assert cross_heading.split()[-2:] == ["Kelompok", "Anggota"]


@pytest.mark.skipif(not (CHROMIUM and POPPLER), reason="needs chromium, pdfinfo and pdftotext")
def test_html_keeps_every_column_on_the_page_beside_a_name_without_spaces(run, example, tmp_path):
    # a 200-letter name without a space once widened its table past the page, cutting off the
    # district, product type and every column after it
    assert run("add", "--name", "Panjang" * 28, "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    html = tmp_path / "rapat.html"
    assert run("--lang", "id", "report", "-o", str(html)).exit_code == 0
    pdf = tmp_path / "rapat.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    html.as_uri()], capture_output=True, timeout=120, check=True)
    pages = [page_text(pdf, number) for number in range(1, len(page_orientations(pdf)) + 1)]
    changes = next(text for text in pages if "Kelompok yang ditambah atau diubah sejak" in text)
    heading = next(line for line in changes.splitlines() if line.split()[:2] == ["No.", "kelompok"])
    assert heading.split()[2:] == ["Nama", "kelompok", "Kabupaten/Kota", "Jenis", "usaha", "Anggota", "Status",
                                   "Perubahan", "setempat)"]
    row = next(line for line in changes.splitlines() if " Pidie " in line and " Jasa " in line)
    assert row.split()[3:7] == ["Pidie", "Jasa", "aktif", "baru"]
