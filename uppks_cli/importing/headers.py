"""Which column of a district's sheet holds which field of a group, or of a monthly report.

Headers are matched after folding (case, punctuation and spacing ignored), so
"Jml. Anggota", "JML ANGGOTA" and "jml_anggota" are one spelling. A two-row
header is matched as "parent child" first ("JUMLAH ANGGOTA" over "PUS" gives
"jumlah anggota pus"), then the child alone, then the parent alone.
"""

from __future__ import annotations

from uppks_cli.domain.monthly import MONTHLY_FIELDS
from uppks_cli.domain.reference import fold
from uppks_cli.errors import UppksError
from uppks_cli.registry.columns import IMPORT_FIELDS

# Columns that carry nothing to import but are expected: the row counter, and
# what an export of this tool writes beside the fields (ids, codes, times).
IGNORED = "ignore"
# A column that counts groups ("JUMLAH / KELOMPOK") is a recap's, never a group's name.
GROUP_COUNT = "group count"

HEADER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "name": ("nama kelompok", "nama kelompok uppka", "nama kelompok uppks", "nama uppka", "nama uppks",
             "kelompok", "kelompok uppka", "kelompok uppks", "uppka", "uppks", "nama", "name", "group",
             "group name", "nama klp", "klp"),
    "district": ("kabupaten kota", "kab kota", "kabupaten", "kota", "kab", "kabupaten kotamadya", "district",
                 "district code", "kode kabupaten", "kode kab", "kode kab kota", "kode kabupaten kota",
                 "nama kabupaten", "nama kab kota", "kabkota", "regency"),
    "subdistrict": ("kecamatan", "kec", "nama kecamatan", "subdistrict", "sub district"),
    "village": ("gampong", "desa", "gampong desa", "desa gampong", "desa kelurahan", "kelurahan", "gampong kelurahan",
                "nama gampong", "nama desa", "village", "gp", "kelurahan desa"),
    "product_type": ("jenis usaha", "jenis produk", "bidang usaha", "jenis kegiatan usaha", "kegiatan usaha",
                     "kategori usaha", "kategori", "jenis", "product type", "sektor usaha", "usaha"),
    "product": ("produk", "produk utama", "nama produk", "hasil produksi", "komoditi", "komoditas", "product",
                "main product", "produk yang dihasilkan"),
    "members": ("jumlah anggota", "jml anggota", "anggota", "anggota uppka", "anggota uppks", "members",
                "total anggota", "jumlah anggota total", "jml anggota total", "anggota total", "jumlah anggota uppka",
                "jumlah anggota uppks", "jumlah anggota uppka total", "keadaan anggota jumlah", "anggota jumlah",
                "jumlah anggota jumlah"),
    "members_pus": ("anggota pus", "jumlah anggota pus", "jml anggota pus", "anggota uppka pus", "anggota uppks pus",
                    "pus", "members pus", "jumlah pus", "jml pus", "jumlah anggota uppka pus", "pus jumlah",
                    "keadaan anggota pus jumlah", "anggota pus jumlah", "pus jml",
                    # "ANGGOTA PUS" over "JML | BER-KB", as R/I/UPPKA sheets split it
                    "anggota pus jml"),
    "members_kb": ("pus ber kb", "anggota pus ber kb", "jumlah anggota pus ber kb", "jml anggota pus ber kb",
                   "anggota ber kb", "pus kb", "members kb", "ber kb", "peserta kb", "jumlah pus ber kb",
                   "jml pus ber kb", "anggota pus ber kb kb", "jumlah anggota ber kb", "anggota uppka pus ber kb"),
    "leader": ("ketua", "nama ketua", "ketua kelompok", "nama ketua kelompok", "leader", "pengurus ketua"),
    "phone": ("no hp", "nomor hp", "no telp", "no telepon", "nomor telepon", "telepon", "telp", "hp", "no hp ketua",
              "no hp wa", "no wa", "whatsapp", "phone", "no tlp", "kontak", "nomor kontak", "hp ketua"),
    "founded_year": ("tahun berdiri", "thn berdiri", "tahun pembentukan", "tahun dibentuk", "tahun terbentuk",
                     "founded year", "founded", "tahun",
                     # a register may keep the day or month it was founded: only its year is a field
                     "tanggal berdiri", "tgl berdiri", "bulan tahun berdiri", "bln thn berdiri", "tgl bln thn berdiri",
                     "tanggal pembentukan", "tgl pembentukan", "tanggal dibentuk", "tgl dibentuk", "tanggal terbentuk",
                     "tgl terbentuk"),
    "capital": ("modal", "jumlah modal", "modal usaha", "capital", "modal awal"),
    "turnover": ("omzet", "omset", "omzet per bulan", "omset per bulan", "omzet bulan", "omzet bulanan",
                 "turnover", "pendapatan per bulan", "omzet perbulan", "omset perbulan"),
    "nib": ("nib", "no nib", "nomor nib", "nomor induk berusaha", "nib oss"),
    "nib_date": ("tanggal nib", "tgl nib", "nib date", "tanggal terbit nib"),
    "pirt": ("no p irt", "p irt", "pirt", "no pirt", "nomor p irt", "nomor pirt", "spp irt", "no spp irt",
             "nomor spp irt", "sppirt"),
    "pirt_date": ("tanggal p irt", "tgl p irt", "tanggal pirt", "tgl pirt", "pirt date"),
    "halal": ("sertifikat halal", "no sertifikat halal", "nomor sertifikat halal", "halal", "halal certificate"),
    "halal_date": ("tanggal sertifikat halal", "tgl sertifikat halal", "tanggal halal", "tgl halal", "halal date"),
    "notes": ("keterangan", "ket", "catatan", "notes", "note"),
    "status": ("status", "status kelompok", "aktif tidak aktif"),
    "inactive_reason": ("inactive reason", "alasan nonaktif", "alasan tidak aktif"),
    GROUP_COUNT: ("jumlah kelompok", "jml kelompok", "jumlah klp", "jml klp", "banyaknya kelompok",
                  "jumlah uppka", "jumlah uppks", "jml uppka", "kelompok jumlah", "jumlah kelompok uppka",
                  "number of groups", "groups"),
    IGNORED: ("no", "nomor", "no urut", "nomor urut", "id", "subdistrict code", "village code", "kode kecamatan",
              "kode gampong", "kode desa", "created at", "updated at",
              # what a rejects file adds beside the fields
              "file", "sheet", "row", "reason"),
}

# Units written into headers ("Modal (Rp)", "Jumlah (orang)") say nothing about the field.
_UNIT_WORDS = ("rp", "rupiah", "orang", "org", "kk", "tahun berjalan")


def header_key(text) -> str:
    key = fold(str(text)) if text is not None else ""
    for unit in _UNIT_WORDS:
        if key.endswith(" " + unit):
            key = key[: -len(unit) - 1]
    return key


class Headings:
    """The spellings of one kind of sheet's columns (a group's, a monthly report's):
    which field a folded header names, and which fields --map may name."""

    def __init__(self, spellings: dict[str, tuple[str, ...]], fields: tuple[str, ...]):
        self.fields = fields
        self.by_key = {fold(spelling): field for field, spellings_of in spellings.items()
                       for spelling in spellings_of}
        for field_name in fields:
            self.by_key.setdefault(fold(field_name), field_name)

    def parse_mappings(self, mappings: list[str]) -> dict[str, str]:
        """--map "Header in file=field" options, as {header key: field}."""
        parsed = {}
        for mapping in mappings or []:
            header, separator, field_name = mapping.rpartition("=")
            field_name = field_name.strip().lower().replace("-", "_")
            if not separator or not header.strip():
                raise UppksError("error_map_syntax", value=mapping)
            if field_name not in self.fields and field_name != IGNORED:
                raise UppksError("error_map_field", value=mapping, field=field_name, fields=", ".join(self.fields))
            parsed[header_key(header)] = field_name
        return parsed

    def field_for(self, header_text, parent_text=None, mappings: dict[str, str] | None = None) -> str | None:
        """The field a column holds, or None when its header names nothing known."""
        mappings = mappings or {}
        child, parent = header_key(header_text), header_key(parent_text)
        candidates = []
        if parent and child:
            candidates.append(f"{parent} {child}")
        if child:
            candidates.append(child)
        elif parent:
            candidates.append(parent)
        for key in candidates:
            if key in mappings:
                return mappings[key]
        for key in candidates:
            if key in self.by_key:
                return self.by_key[key]
        return None


GROUP_HEADINGS = Headings(HEADER_SPELLINGS, IMPORT_FIELDS)


def parse_mappings(mappings: list[str]) -> dict[str, str]:
    """--map options of a groups import."""
    return GROUP_HEADINGS.parse_mappings(mappings)


def field_for(header_text, parent_text=None, mappings: dict[str, str] | None = None) -> str | None:
    """The group field a column holds, or None."""
    return GROUP_HEADINGS.field_for(header_text, parent_text, mappings)


# A monthly report's sheet (R/I/UPPKA, SIGA's recap of it, this tool's export): the
# group as a groups sheet names it, the month, and the month's numbers.
MONTHLY_IMPORT_FIELDS = ("name", "district", "subdistrict", "period") + MONTHLY_FIELDS
MONTHLY_SPELLINGS: dict[str, tuple[str, ...]] = {
    **{field_name: HEADER_SPELLINGS[field_name] for field_name in (
        "name", "district", "subdistrict", "members_pus", "members_kb", "turnover", "notes", GROUP_COUNT)},
    "period": ("bulan", "periode", "period", "bulan laporan", "bulan lapor", "periode laporan", "masa laporan",
               "month"),
    "meetings": ("jml pertemuan", "jumlah pertemuan", "pertemuan", "frekuensi pertemuan", "pertemuan tatap muka",
                 "jumlah pertemuan tatap muka", "jml pertemuan tatap muka", "tatap muka", "pertemuan penyuluhan",
                 "pertemuan penyuluhan tatap muka", "penyuluhan tatap muka", "meetings",
                 # in person is also "luring" (the opposite of "daring", online)
                 "luring", "pertemuan luring", "frekuensi pertemuan luring", "frekuensi pertemuan tatap muka"),
    "meetings_virtual": ("pertemuan virtual", "jumlah pertemuan virtual", "jml pertemuan virtual", "virtual",
                         "pertemuan daring", "daring", "pertemuan penyuluhan virtual", "penyuluhan virtual",
                         "online", "meetings virtual"),
    "families": ("jml keluarga anggota", "jumlah keluarga anggota", "keluarga anggota", "jumlah keluarga",
                 "jml keluarga", "anggota keluarga", "jumlah anggota keluarga", "keluarga", "keluarga anggota jumlah", "families"),
    "attended": ("keluarga hadir", "jml keluarga hadir", "jumlah keluarga hadir", "keluarga anggota hadir",
                 "jumlah keluarga anggota hadir", "keluarga anggota yang hadir", "jumlah anggota hadir", "hadir",
                 "jml hadir", "jumlah hadir", "kehadiran", "attended"),
    "capital_received": ("modal diterima", "jml modal diterima", "jumlah modal diterima", "modal yang diterima",
                         "bantuan modal", "penerimaan modal", "capital received"),
    "capital_source": ("sumber modal", "asal modal", "sumber dana", "sumber bantuan modal", "capital source"),
    "reported_on": ("tgl lapor", "tanggal lapor", "tgl laporan", "tanggal laporan", "tgl terima",
                    "tanggal diterima", "tanggal masuk", "reported on"),
    IGNORED: HEADER_SPELLINGS[IGNORED] + ("group id", "no kelompok", "nomor kelompok"),
}
MONTHLY_HEADINGS = Headings(MONTHLY_SPELLINGS, MONTHLY_IMPORT_FIELDS)


# A district office's log of coaching activities (KEGIATAN PEMBINAAN UPPKA), or this
# tool's `activity export`: the group as a groups sheet names it, the activity, and for
# a certification the papers it gave the group.
ACTIVITY_IMPORT_FIELDS = ("name", "district", "subdistrict", "date", "kind", "topic", "by", "attended", "amount",
                          "partner", "nib", "pirt", "halal")
ACTIVITY_SPELLINGS: dict[str, tuple[str, ...]] = {
    **{field_name: HEADER_SPELLINGS[field_name] for field_name in (
        "name", "district", "subdistrict", "nib", "pirt", "halal")},
    "date": ("tanggal", "tgl", "tanggal kegiatan", "tgl kegiatan", "tanggal pelaksanaan", "tgl pelaksanaan",
             "hari tanggal", "waktu", "waktu pelaksanaan", "date"),
    "kind": ("jenis kegiatan", "jenis", "bentuk kegiatan", "jenis pembinaan", "kind"),
    "topic": ("kegiatan", "materi", "topik", "uraian kegiatan", "nama kegiatan", "materi pembinaan", "judul",
              "topic"),
    "by": ("oleh", "petugas", "pembina", "pelaksana", "petugas pembina", "nama petugas", "narasumber", "by",
           "done by"),
    "attended": ("jml hadir", "jumlah hadir", "hadir", "peserta", "jml peserta", "jumlah peserta", "kehadiran",
                 "anggota hadir", "attended"),
    "amount": ("jumlah", "nilai", "jumlah modal", "nilai modal", "nominal", "besar modal", "jumlah dana",
               "amount"),
    "partner": ("mitra", "lembaga", "lembaga mitra", "mitra kerja", "sumber modal", "penyalur", "partner"),
    IGNORED: HEADER_SPELLINGS[IGNORED] + ("group id", "no kelompok", "nomor kelompok"),
}
ACTIVITY_HEADINGS = Headings(ACTIVITY_SPELLINGS, ACTIVITY_IMPORT_FIELDS)
