"""Workbooks as other programs write them: the sheet XML of an openpyxl file, edited."""

import zipfile
from pathlib import Path


def with_sheet_xml_replaced(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    """A copy of the workbook whose worksheet XML has `old` replaced by `new` (which must be there)."""
    replaced = False
    with zipfile.ZipFile(source) as reading, zipfile.ZipFile(target, "w") as writing:
        for item in reading.infolist():
            data = reading.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and old in data:
                data, replaced = data.replace(old, new), True
            writing.writestr(item, data)
    assert replaced, old
    return target
