"""The message catalogue: every text a person reads, in English and Indonesian.

Keys of JSON and CSV output are not here: they are stable English field names
that never change with the language.
"""

from __future__ import annotations

import os

LANGUAGES = ("id", "en")
ENV_LANG = "UPPKS_LANG"
_language = "en"


def detect_language(argv: list[str], environ=os.environ) -> str:
    """--lang on the command line, else UPPKS_LANG, else the locale (id_* is Indonesian)."""
    for position, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and position + 1 < len(argv) and argv[position + 1] in LANGUAGES:
            return argv[position + 1]
        if word.startswith("--lang=") and word[7:] in LANGUAGES:
            return word[7:]
    chosen = environ.get(ENV_LANG, "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable)
        if value:
            return "id" if value.lower().startswith(("id_", "id.", "in_")) or value.lower() == "id" else "en"
    return "en"


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else "en"


def current_language() -> str:
    return _language


def t(key: str, **params) -> str:
    """The text for `key` in the current language, with its values filled in."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry[0] if _language == "en" else entry[1]
    if "field" in params and "option" not in params:
        params["option"] = "--" + str(params["field"]).replace("_", "-")
    return text.format(**params) if params else text


# key: (English, Indonesian)
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- help ---
    "help_app": (
        "A registry of BKKBN Aceh's UPPKA (formerly UPPKS) groups: add, list, count and summarise "
        "groups by district and product type.",
        "Daftar kelompok UPPKA (dulu UPPKS) BKKBN Aceh: tambah, tampilkan, hitung dan rekap "
        "kelompok per kabupaten/kota dan jenis usaha.",
    ),
    "help_opt_db": (
        "The database file. Default: $UPPKS_DB, else uppks.db in the user's application folder.",
        "Berkas basis data. Bawaan: $UPPKS_DB, atau uppks.db di folder aplikasi pengguna.",
    ),
    "help_opt_lang": ("Language of messages and tables: id or en.", "Bahasa pesan dan tabel: id atau en."),
    "help_opt_version": ("Show the version and stop.", "Tampilkan versi lalu berhenti."),
    "help_opt_format": ("Output format.", "Format keluaran."),
    "help_opt_search": (
        "Text to look for in name, product, leader, kecamatan, gampong and notes.",
        "Teks yang dicari pada nama, produk, ketua, kecamatan, gampong dan catatan.",
    ),
    "help_opt_status": ("Which groups: active, inactive or all.", "Kelompok mana: active (aktif), inactive (nonaktif) atau all (semua)."),
    "help_opt_sort": (
        "Sort by a field (name, district, members, founded_year, ...); prefix - for descending, e.g. -members.",
        "Urutkan menurut kolom (name, district, members, founded_year, ...); awali dengan - untuk menurun, mis. -members.",
    ),
    "help_opt_limit": ("Show at most this many groups.", "Tampilkan paling banyak sejumlah ini."),
    "help_opt_reason": ("Why the group is no longer active.", "Alasan kelompok tidak aktif lagi."),
    "help_opt_by": (
        "Group the totals by district, product-type, or district,product-type (a cross table).",
        "Rekap per district (kabupaten/kota), product-type (jenis usaha), atau district,product-type (tabel silang).",
    ),
    "help_opt_chart": ("Draw the groups as horizontal bars instead of a table.",
                       "Gambar jumlah kelompok sebagai batang mendatar, bukan tabel."),
    "help_opt_label_id": ("The type's name in Indonesian.", "Nama jenis usaha dalam bahasa Indonesia."),
    "help_opt_label_en": ("The type's name in English.", "Nama jenis usaha dalam bahasa Inggris."),
    "help_opt_alias": ("Another spelling that means this type (repeatable).", "Ejaan lain untuk jenis ini (boleh berulang)."),
    "help_opt_demo_output": ("Where to write the example database.", "Lokasi berkas basis data contoh."),
    "help_arg_terms": (
        "Words to filter by, each read as a district, a product type or a kecamatan: pidie anyaman.",
        "Kata penyaring, masing-masing dibaca sebagai kabupaten/kota, jenis usaha atau kecamatan: pidie anyaman.",
    ),
    "help_arg_id": ("The group's number (see `uppks list`).", "Nomor kelompok (lihat `uppks list`)."),
    "help_arg_code": ("Short code of the new type, lower case: e.g. kosmetik.", "Kode singkat jenis baru, huruf kecil: mis. kosmetik."),
    "help_arg_alias": ("The new spelling, e.g. \"Kue kering\".", "Ejaan baru, mis. \"Kue kering\"."),
    "help_add": (
        "Add a group and print its number. Missing required values are asked for in a terminal.",
        "Tambah kelompok dan cetak nomornya. Nilai wajib yang kosong ditanyakan bila di terminal.",
    ),
    "help_edit": (
        "Change fields of a group: uppks edit 12 --members 30. An empty value clears an optional field.",
        "Ubah isian kelompok: uppks edit 12 --members 30. Nilai kosong menghapus isian yang tidak wajib.",
    ),
    "help_show": ("Show every field of one group.", "Tampilkan semua isian satu kelompok."),
    "help_deactivate": (
        "Mark a group inactive. Groups are never deleted; `activate` brings it back.",
        "Tandai kelompok tidak aktif. Kelompok tidak pernah dihapus; `activate` mengaktifkannya lagi.",
    ),
    "help_activate": ("Mark an inactive group active again.", "Aktifkan kembali kelompok yang tidak aktif."),
    "help_list": ("List groups, filtered and sorted.", "Daftar kelompok, dengan saringan dan urutan."),
    "help_count": (
        "Print how many groups match, as one bare number: uppks count pidie anyaman.",
        "Cetak jumlah kelompok yang cocok, satu angka saja: uppks count pidie anyaman.",
    ),
    "help_summary": (
        "Totals of groups, members, PUS members, PUS members using family planning and the KB rate.",
        "Rekap jumlah kelompok, anggota, anggota PUS, anggota PUS ber-KB dan persentase ber-KB.",
    ),
    "help_districts": (
        "Aceh's 23 districts with Kemendagri and BPS codes and group counts.",
        "23 kabupaten/kota Aceh dengan kode Kemendagri dan BPS serta jumlah kelompok.",
    ),
    "help_product_types": (
        "The product-type vocabulary with group counts; add a type or an alias.",
        "Daftar jenis usaha dengan jumlah kelompok; tambah jenis atau ejaan lain.",
    ),
    "help_product_types_add": ("Add a product type with its Indonesian and English labels.",
                               "Tambah jenis usaha dengan label bahasa Indonesia dan Inggris."),
    "help_product_types_alias": (
        "Teach another spelling of a product type: uppks product-types alias \"Kue kering\" makanan.",
        "Tambah ejaan lain untuk jenis usaha: uppks product-types alias \"Kue kering\" makanan.",
    ),
    "help_db_path": ("Print which database file is in use.", "Cetak berkas basis data yang dipakai."),
    "help_demo": (
        "Load the bundled made-up example groups into a separate database and show the district summary.",
        "Muat kelompok contoh rekaan ke basis data terpisah dan tampilkan rekap per kabupaten/kota.",
    ),
    "field_help_name": ("Name of the group (nama kelompok).", "Nama kelompok."),
    "field_help_district": (
        "District (kabupaten/kota): a name, a short form such as Abdya, or a Kemendagri code such as 11.06.",
        "Kabupaten/kota: nama, singkatan seperti Abdya, atau kode Kemendagri seperti 11.06.",
    ),
    "field_help_product_type": (
        "Product type: makanan, anyaman, kerajinan, konveksi, pertanian, peternakan, perikanan, perdagangan, jasa, lainnya (or an alias).",
        "Jenis usaha: makanan, anyaman, kerajinan, konveksi, pertanian, peternakan, perikanan, perdagangan, jasa, lainnya (atau ejaan lain).",
    ),
    "field_help_subdistrict": ("Kecamatan (sub-district).", "Kecamatan."),
    "field_help_village": ("Gampong/desa (village).", "Gampong/desa."),
    "field_help_product": ("Main product, free text: Tikar pandan.", "Produk utama, teks bebas: Tikar pandan."),
    "field_help_members": ("Number of members (anggota).", "Jumlah anggota."),
    "field_help_members_pus": ("Members who are couples of reproductive age (PUS).", "Anggota yang PUS (pasangan usia subur)."),
    "field_help_members_kb": ("PUS members using family planning (ber-KB).", "Anggota PUS yang ber-KB."),
    "field_help_leader": ("Leader (ketua).", "Nama ketua."),
    "field_help_phone": ("Phone number: 0812..., +62 812...", "Nomor HP: 0812..., +62 812..."),
    "field_help_founded_year": ("Year founded.", "Tahun berdiri."),
    "field_help_capital": ("Capital (modal) in rupiah: 2500000, 2.500.000 or 2,5 jt.", "Modal dalam rupiah: 2500000, 2.500.000 atau 2,5 jt."),
    "field_help_turnover": ("Monthly turnover (omzet) in rupiah.", "Omzet per bulan dalam rupiah."),
    "field_help_notes": ("Notes.", "Catatan."),
    "label_name": ("Name of the group", "Nama kelompok"),
    "label_district": ("District (kabupaten/kota)", "Kabupaten/kota"),
    "label_product_type": ("Product type", "Jenis usaha"),
    # --- column headings ---
    "col_id": ("ID", "No."),
    "col_name": ("Name", "Nama kelompok"),
    "col_district_code": ("Code", "Kode"),
    "col_code": ("Code", "Kode"),
    "col_bps_code": ("BPS code", "Kode BPS"),
    "col_district": ("District", "Kabupaten/Kota"),
    "col_official_name": ("Official name", "Nama resmi"),
    "col_kind": ("Kind", "Jenis"),
    "col_subdistricts": ("Kecamatan", "Kecamatan"),
    "col_villages": ("Gampong", "Gampong"),
    "col_subdistrict": ("Kecamatan", "Kecamatan"),
    "col_subdistrict_code": ("Kecamatan code", "Kode kecamatan"),
    "col_village": ("Gampong", "Gampong/desa"),
    "col_village_code": ("Gampong code", "Kode gampong"),
    "col_product_type": ("Product type", "Jenis usaha"),
    "col_label": ("Product type", "Jenis usaha"),
    "col_aliases": ("Also written as", "Ejaan lain"),
    "col_product": ("Product", "Produk"),
    "col_members": ("Members", "Anggota"),
    "col_members_pus": ("PUS", "PUS"),
    "col_members_kb": ("PUS on KB", "PUS ber-KB"),
    "col_kb_rate": ("KB %", "% ber-KB"),
    "col_groups": ("Groups", "Kelompok"),
    "col_leader": ("Leader", "Ketua"),
    "col_phone": ("Phone", "No. HP"),
    "col_founded_year": ("Founded", "Tahun berdiri"),
    "col_capital": ("Capital (Rp)", "Modal (Rp)"),
    "col_turnover": ("Turnover/month (Rp)", "Omzet/bulan (Rp)"),
    "col_status": ("Status", "Status"),
    "col_inactive_reason": ("Why inactive", "Alasan nonaktif"),
    "col_notes": ("Notes", "Catatan"),
    "col_created_at": ("Created", "Dibuat"),
    "col_updated_at": ("Updated", "Diubah"),
    "total": ("Total", "Jumlah"),
    "list_title": ("{count} groups", "{count} kelompok"),
    "summary_title_district": ("UPPKA groups by district", "Kelompok UPPKA per kabupaten/kota"),
    "summary_title_product_type": ("UPPKA groups by product type", "Kelompok UPPKA per jenis usaha"),
    "summary_title_district_product_type": (
        "UPPKA groups: district x product type", "Kelompok UPPKA: kabupaten/kota x jenis usaha",
    ),
    "summary_title_product_type_district": (
        "UPPKA groups: product type x district", "Kelompok UPPKA: jenis usaha x kabupaten/kota",
    ),
    "districts_title": ("Districts of Aceh (Kepmendagri 300.2.2-2138/2025)", "Kabupaten/kota di Aceh (Kepmendagri 300.2.2-2138/2025)"),
    "product_types_title": ("Product types", "Jenis usaha"),
    # --- messages ---
    "error_prefix": ("Error: ", "Galat: "),
    "warning_prefix": ("Warning: ", "Peringatan: "),
    "edit_done": ("Group {id} changed: {changes}.", "Kelompok {id} diubah: {changes}."),
    "edit_unchanged": ("Group {id}: nothing changed (the values were already so).", "Kelompok {id}: tidak ada yang berubah (nilainya sudah sama)."),
    "deactivated": ("Group {id} is now inactive.", "Kelompok {id} sekarang tidak aktif."),
    "already_inactive": ("Group {id} was already inactive.", "Kelompok {id} memang sudah tidak aktif."),
    "activated": ("Group {id} is active again.", "Kelompok {id} aktif kembali."),
    "already_active": ("Group {id} was already active.", "Kelompok {id} memang sudah aktif."),
    "product_type_added": ("Product type {code} added (also written as: {aliases}).", "Jenis usaha {code} ditambahkan (ejaan lain: {aliases})."),
    "alias_added": ("\"{alias}\" now means {code}.", "\"{alias}\" sekarang berarti {code}."),
    "demo_loaded": (
        "Loaded {count} MADE-UP example groups into {path} (your own registry was not touched).",
        "{count} kelompok CONTOH REKAAN dimuat ke {path} (daftar Anda sendiri tidak disentuh).",
    ),
    "demo_next": ("Explore it: uppks --db {path} list", "Coba: uppks --db {path} list"),
    "meaning_district": ("district {name}", "kabupaten/kota {name}"),
    "meaning_product_type": ("product type {code}", "jenis usaha {code}"),
    "meaning_subdistrict": ("kecamatan {name} (in {districts})", "kecamatan {name} (di {districts})"),
    # --- refusals: field or value, why, what to do ---
    "error_required": (
        "{field} is required but was not given; give it with {option}.",
        "{field} wajib diisi tetapi kosong; isi dengan {option}.",
    ),
    "error_unknown_field": ("{field} is not a field of a group.", "{field} bukan isian kelompok."),
    "error_too_long": (
        "{field} is {length} characters long; the limit is {limit}. Shorten it.",
        "{field} panjangnya {length} karakter; batasnya {limit}. Persingkat.",
    ),
    "error_not_whole_number": (
        "{field}: '{value}' is not a whole number; write it as 25, 1.500.000 or 2,5 jt.",
        "{field}: '{value}' bukan bilangan bulat; tulis seperti 25, 1.500.000 atau 2,5 jt.",
    ),
    "error_negative": ("{field}: '{value}' is below zero; give 0 or more.", "{field}: '{value}' kurang dari nol; isi 0 atau lebih."),
    "error_year_range": (
        "{field}: '{value}' is not a year from {earliest} to {latest}; write the year founded, e.g. 2015.",
        "{field}: '{value}' bukan tahun antara {earliest} dan {latest}; tulis tahun berdiri, mis. 2015.",
    ),
    "error_phone": (
        "phone: '{value}' is not an Indonesian phone number; write it as 0812xxxxxxxx or +62 812xxxxxxxx.",
        "phone: '{value}' bukan nomor telepon Indonesia; tulis seperti 0812xxxxxxxx atau +62 812xxxxxxxx.",
    ),
    "error_pus_over_members": (
        "members_pus: {members_pus} is more than members ({members}); PUS members are counted among all members, so correct one of them.",
        "members_pus: {members_pus} lebih banyak dari jumlah anggota ({members}); anggota PUS termasuk dalam anggota, perbaiki salah satunya.",
    ),
    "error_kb_over_pus": (
        "members_kb: {members_kb} is more than members_pus ({members_pus}); PUS members using KB are counted among PUS members, so correct one of them.",
        "members_kb: {members_kb} lebih banyak dari anggota PUS ({members_pus}); PUS ber-KB termasuk dalam anggota PUS, perbaiki salah satunya.",
    ),
    "error_kb_over_members": (
        "members_kb: {members_kb} is more than members ({members}); correct one of them.",
        "members_kb: {members_kb} lebih banyak dari jumlah anggota ({members}); perbaiki salah satunya.",
    ),
    "error_district_near": (
        "district: '{value}' is not a district of Aceh; did you mean {suggestion}?",
        "district: '{value}' bukan kabupaten/kota di Aceh; maksud Anda {suggestion}?",
    ),
    "error_district_unknown": (
        "district: '{value}' is not a district of Aceh; see `uppks districts` for names and codes.",
        "district: '{value}' bukan kabupaten/kota di Aceh; lihat `uppks districts` untuk nama dan kode.",
    ),
    "error_district_bare_code": (
        "district: '{value}' is ambiguous: as a BPS code it is {bps_name}, but read as the Kemendagri code {kemendagri_code} it is {kemendagri_name}. "
        "Write the Kemendagri code with its dot (e.g. 11.06) or the district's name.",
        "district: '{value}' tidak jelas: sebagai kode BPS artinya {bps_name}, tetapi dibaca sebagai kode Kemendagri {kemendagri_code} artinya {kemendagri_name}. "
        "Tulis kode Kemendagri dengan titik (mis. 11.06) atau nama kabupaten/kota.",
    ),
    "error_product_type_near": (
        "product_type: '{value}' is not a known product type; did you mean {suggestion}?",
        "product_type: '{value}' bukan jenis usaha yang dikenal; maksud Anda {suggestion}?",
    ),
    "error_product_type_unknown": (
        "product_type: '{value}' is not a known product type; use one of {codes}, or teach it with `uppks product-types alias`.",
        "product_type: '{value}' bukan jenis usaha yang dikenal; pakai salah satu dari {codes}, atau tambahkan dengan `uppks product-types alias`.",
    ),
    "error_product_type_code": (
        "'{value}' cannot be a product-type code; use 2 to 30 lower-case letters, digits or _, starting with a letter.",
        "'{value}' tidak bisa menjadi kode jenis usaha; pakai 2 sampai 30 huruf kecil, angka atau _, diawali huruf.",
    ),
    "error_product_type_labels": (
        "a product type needs both --label-id and --label-en.",
        "jenis usaha memerlukan --label-id dan --label-en.",
    ),
    "error_product_type_exists": (
        "product type {value} already exists; add a spelling with `uppks product-types alias`.",
        "jenis usaha {value} sudah ada; tambahkan ejaan dengan `uppks product-types alias`.",
    ),
    "error_alias_taken": (
        "'{value}' already means product type {code}; choose another spelling.",
        "'{value}' sudah berarti jenis usaha {code}; pilih ejaan lain.",
    ),
    "error_alias_empty": ("'{value}' has no letters or digits to match on.", "'{value}' tidak berisi huruf atau angka."),
    "error_group_not_found": (
        "there is no group {id}; see `uppks list --status all` for the numbers.",
        "tidak ada kelompok nomor {id}; lihat `uppks list --status all` untuk nomornya.",
    ),
    "error_edit_nothing": (
        "nothing to change; give at least one field, e.g. --members 30.",
        "tidak ada yang diubah; beri paling sedikit satu isian, mis. --members 30.",
    ),
    "error_sort_field": (
        "--sort: '{value}' is not a field to sort by; use one of {fields}.",
        "--sort: '{value}' bukan kolom untuk mengurutkan; pakai salah satu dari {fields}.",
    ),
    "error_status": ("--status: '{value}' must be active, inactive or all.", "--status: '{value}' harus active, inactive atau all."),
    "error_summary_by": (
        "--by: '{value}' is not a grouping; use district, product-type or district,product-type.",
        "--by: '{value}' bukan pengelompokan; pakai district, product-type atau district,product-type.",
    ),
    "error_term_unknown": (
        "'{value}' is not a district, product type or kecamatan; check the spelling or use --search.",
        "'{value}' bukan kabupaten/kota, jenis usaha atau kecamatan; periksa ejaannya atau pakai --search.",
    ),
    "error_term_near": (
        "'{value}' is not a district, product type or kecamatan; did you mean {suggestion}?",
        "'{value}' bukan kabupaten/kota, jenis usaha atau kecamatan; maksud Anda {suggestion}?",
    ),
    "error_term_ambiguous": (
        "'{value}' could mean {meanings}; say which with --district, --product-type or --subdistrict.",
        "'{value}' bisa berarti {meanings}; tegaskan dengan --district, --product-type atau --subdistrict.",
    ),
    "error_db_folder_missing": (
        "the folder {folder} for the database {path} does not exist; create it first or choose another --db.",
        "folder {folder} untuk basis data {path} tidak ada; buat dulu atau pilih --db lain.",
    ),
    "error_db_cannot_create": (
        "cannot create the database {path} ({reason}); choose a folder you can write to with --db.",
        "basis data {path} tidak dapat dibuat ({reason}); pilih folder yang bisa ditulisi dengan --db.",
    ),
    "error_db_is_folder": ("{path} is a folder, not a database file; give a file name with --db.", "{path} adalah folder, bukan berkas basis data; beri nama berkas dengan --db."),
    "error_db_unreadable": (
        "{path} is not a readable uppks database ({reason}); check --db, or restore a backup.",
        "{path} bukan basis data uppks yang dapat dibaca ({reason}); periksa --db, atau pulihkan cadangan.",
    ),
    "error_db_too_new": (
        "{path} was written by a newer uppks (schema {version}; this version knows up to {latest}); upgrade uppks to use it. The file was not changed.",
        "{path} ditulis oleh uppks yang lebih baru (skema {version}; versi ini hanya sampai {latest}); perbarui uppks untuk memakainya. Berkas tidak diubah.",
    ),
    "error_demo_target": (
        "{path} exists and is not an example database; the demo will not overwrite it. Choose another file with --output.",
        "{path} sudah ada dan bukan basis data contoh; demo tidak akan menimpanya. Pilih berkas lain dengan --output.",
    ),
    "error_demo_example": ("the bundled example has {count} refused rows; reinstall uppks.",
                           "contoh bawaan memiliki {count} baris yang ditolak; pasang ulang uppks."),
    "warning_subdistrict_near": (
        "kecamatan '{value}' is not in the reference list for {district}; kept as typed. Did you mean {suggestion}?",
        "kecamatan '{value}' tidak ada di daftar {district}; disimpan apa adanya. Maksud Anda {suggestion}?",
    ),
    "warning_subdistrict_elsewhere": (
        "kecamatan '{value}' is not in {district} but in {elsewhere}; kept as typed. Check the district.",
        "kecamatan '{value}' tidak ada di {district} melainkan di {elsewhere}; disimpan apa adanya. Periksa kabupaten/kotanya.",
    ),
    "warning_subdistrict_unknown": (
        "kecamatan '{value}' is not in the reference list for {district}; kept as typed.",
        "kecamatan '{value}' tidak ada di daftar {district}; disimpan apa adanya.",
    ),
    "warning_village_near": (
        "gampong '{value}' is not in the reference list for {where}; kept as typed. Did you mean {suggestion}?",
        "gampong '{value}' tidak ada di daftar {where}; disimpan apa adanya. Maksud Anda {suggestion}?",
    ),
    "warning_village_unknown": (
        "gampong '{value}' is not in the reference list for {where}; kept as typed.",
        "gampong '{value}' tidak ada di daftar {where}; disimpan apa adanya.",
    ),
    "warning_village_ambiguous": (
        "gampong '{value}' exists in several kecamatan of {district} ({options}); give --subdistrict to tell which.",
        "gampong '{value}' ada di beberapa kecamatan di {district} ({options}); isi --subdistrict untuk memastikan.",
    ),
    # --- import ---
    "help_import": (
        "Import district sheets (CSV/TSV, XLSX, XLS, ODS, JSON, JSON Lines; - for stdin) as one all-or-nothing batch.",
        "Impor lembar kabupaten/kota (CSV/TSV, XLSX, XLS, ODS, JSON, JSON Lines; - untuk stdin) sebagai satu batch utuh.",
    ),
    "help_arg_files": ("Files to import; - reads standard input.", "Berkas yang diimpor; - membaca input standar."),
    "help_opt_sheet": ("Import only this sheet (default: every sheet with a recognisable header).",
                       "Impor hanya lembar ini (bawaan: semua lembar yang judul kolomnya dikenali)."),
    "help_opt_encoding": ("Force the text encoding, e.g. cp1252 (default: detected).",
                          "Paksa pengodean teks, mis. cp1252 (bawaan: dideteksi)."),
    "help_opt_map": ("Map a header to a field: --map \"Nama KUB=name\" (field 'ignore' drops a column). Repeatable.",
                     "Petakan judul kolom ke isian: --map \"Nama KUB=name\" (isian 'ignore' mengabaikan kolom). Boleh berulang."),
    "help_opt_on_existing": ("What a row describing a group already registered does: update it, or skip.",
                             "Baris untuk kelompok yang sudah terdaftar: update (perbarui) atau skip (lewati)."),
    "help_opt_skip_invalid": ("Write the valid rows even when some are refused.",
                              "Tulis baris yang sah walaupun ada baris yang ditolak."),
    "help_opt_rejects": ("Write refused rows, with the reason, to this CSV file.",
                         "Tulis baris yang ditolak, dengan alasannya, ke berkas CSV ini."),
    "help_opt_dry_run": ("Check everything and report, but write nothing.", "Periksa semua dan laporkan, tanpa menulis apa pun."),
    "help_opt_quiet": ("No progress bar and no report on stderr.", "Tanpa bilah kemajuan dan tanpa laporan di stderr."),
    "help_imports": ("List past imports (batches) with their files and counts.", "Daftar impor (batch) terdahulu dengan berkas dan jumlahnya."),
    "help_undo_import": (
        "Put the groups an import inserted or changed back as they were before it.",
        "Kembalikan kelompok yang ditambah atau diubah oleh sebuah impor ke keadaan sebelumnya.",
    ),
    "help_arg_batch": ("The batch number (see `uppks imports`).", "Nomor batch (lihat `uppks imports`)."),
    "help_opt_yes": ("Do it without asking (needed when not at a terminal).", "Lakukan tanpa bertanya (wajib bila bukan di terminal)."),
    "imports_title": ("Imports", "Riwayat impor"),
    "col_started_at": ("Started", "Mulai"),
    "col_file_names": ("Files", "Berkas"),
    "col_inserted": ("Inserted", "Ditambah"),
    "col_updated": ("Updated", "Diperbarui"),
    "col_unchanged": ("Unchanged", "Tetap"),
    "col_duplicates": ("Duplicates", "Ganda"),
    "col_skipped": ("Skipped", "Dilewati"),
    "col_invalid": ("Refused", "Ditolak"),
    "import_counts": (
        "{inserted} inserted, {updated} updated, {unchanged} unchanged, {duplicates} duplicates, {skipped} skipped, {invalid} refused",
        "{inserted} ditambah, {updated} diperbarui, {unchanged} tetap, {duplicates} ganda, {skipped} dilewati, {invalid} ditolak",
    ),
    "import_refused_heading": ("Refused rows:", "Baris yang ditolak:"),
    "import_error_line": ("{file}{sheet_text} row {row}, column '{column}', value '{value}': {message}",
                          "{file}{sheet_text} baris {row}, kolom '{column}', nilai '{value}': {message}"),
    "import_errors_more": ("... and {count} more refusals (all of them: --format json or --rejects FILE).",
                           "... dan {count} penolakan lagi (semuanya: --format json atau --rejects BERKAS)."),
    "import_warnings_heading": ("Warnings:", "Peringatan:"),
    "import_warning_line": ("{file}{sheet_text} row {row}: {message}", "{file}{sheet_text} baris {row}: {message}"),
    "warnings_more": ("... and {count} more warnings like these.", "... dan {count} peringatan serupa lagi."),
    "import_dry_run": ("Dry run: nothing was written (would insert {inserted} and update {updated}).",
                       "Uji coba: tidak ada yang ditulis (akan menambah {inserted} dan memperbarui {updated})."),
    "import_nothing_written": (
        "Nothing was written: {invalid} rows were refused. Fix them and import again, or add --skip-invalid to import the rest.",
        "Tidak ada yang ditulis: {invalid} baris ditolak. Perbaiki lalu impor lagi, atau tambahkan --skip-invalid untuk mengimpor sisanya.",
    ),
    "import_written": ("Batch {batch} written: {inserted} inserted, {updated} updated. Undo with: uppks undo-import {batch}",
                       "Batch {batch} ditulis: {inserted} ditambah, {updated} diperbarui. Batalkan dengan: uppks undo-import {batch}"),
    "import_nothing_new": ("Nothing to write: the registry already holds these groups as they are.",
                           "Tidak ada yang ditulis: daftar sudah memuat kelompok-kelompok ini apa adanya."),
    "note_column_unmapped": (
        "column '{column}' was not imported: no field matches it. Use --map \"{column}=FIELD\" or --map \"{column}=ignore\".",
        "kolom '{column}' tidak diimpor: tidak cocok dengan isian mana pun. Pakai --map \"{column}=ISIAN\" atau --map \"{column}=ignore\".",
    ),
    "note_column_repeated": ("column '{column}' was not imported: {field} already comes from column '{first}'.",
                             "kolom '{column}' tidak diimpor: {field} sudah diambil dari kolom '{first}'."),
    "note_footer": ("row {row} and below (totals, signature) were not read as groups.",
                    "baris {row} dan di bawahnya (jumlah, tanda tangan) tidak dibaca sebagai kelompok."),
    "note_district_from_title": ("no district column: every row is taken to be in {district}, as the title says.",
                                 "tidak ada kolom kabupaten/kota: setiap baris dianggap di {district}, sesuai judulnya."),
    "note_sheet_skipped": ("sheet '{sheet}' skipped: no header with a group name column was found.",
                           "lembar '{sheet}' dilewati: tidak ada judul kolom dengan nama kelompok."),
    "earlier_row_of_group": ("an earlier row (group {id})", "baris sebelumnya (kelompok {id})"),
    "warning_duplicate_row": ("this row repeats {first} exactly; imported once.",
                              "baris ini sama persis dengan {first}; diimpor sekali."),
    "warning_same_group": (
        "group {id} ({name}) already has this name in this district; {new_id} was added as a separate group. "
        "If they are one group, deactivate one of them.",
        "kelompok {id} ({name}) sudah bernama sama di kabupaten/kota ini; {new_id} ditambahkan sebagai kelompok terpisah. "
        "Bila keduanya satu kelompok, nonaktifkan salah satunya.",
    ),
    "error_same_group_differs": (
        "this row describes the same group as {first} (group {id}) but with different values; keep one row per group.",
        "baris ini menggambarkan kelompok yang sama dengan {first} (kelompok {id}) tetapi nilainya berbeda; sisakan satu baris per kelompok.",
    ),
    "error_required_cell": ("{field} is required but the cell is empty; fill in the '{column}' column.",
                            "{field} wajib diisi tetapi selnya kosong; isi kolom '{column}'."),
    "error_status_value": ("status: '{value}' must be active or inactive (aktif / tidak aktif).",
                           "status: '{value}' harus active atau inactive (aktif / tidak aktif)."),
    "error_on_existing": ("--on-existing: '{value}' must be update or skip.", "--on-existing: '{value}' harus update atau skip."),
    "error_map_syntax": ("--map: '{value}' is not HEADER=field; write e.g. --map \"Nama KUB=name\".",
                         "--map: '{value}' bukan JUDUL=isian; tulis mis. --map \"Nama KUB=name\"."),
    "error_map_field": ("--map: '{field}' in '{value}' is not a field; use one of {fields}, or ignore.",
                        "--map: '{field}' pada '{value}' bukan isian; pakai salah satu dari {fields}, atau ignore."),
    "error_rejects_folder": ("--rejects: the folder of {path} does not exist; create it or choose another file.",
                             "--rejects: folder untuk {path} tidak ada; buat dulu atau pilih berkas lain."),
    "error_import_missing": ("{file}: no such file; check the name and folder.", "{file}: berkas tidak ada; periksa nama dan foldernya."),
    "error_import_folder": ("{file} is a folder; give the files inside it.", "{file} adalah folder; sebutkan berkas di dalamnya."),
    "error_import_unreadable": ("{file} cannot be read ({reason}).", "{file} tidak dapat dibaca ({reason})."),
    "error_import_empty": ("{file} is empty; nothing to import.", "{file} kosong; tidak ada yang diimpor."),
    "error_import_binary": (
        "{file} is not a spreadsheet, CSV or JSON file (it holds binary data); export it from Excel as .xlsx or .csv.",
        "{file} bukan berkas lembar kerja, CSV atau JSON (isinya biner); ekspor dari Excel sebagai .xlsx atau .csv.",
    ),
    "error_import_format": (
        "{file} is a ZIP archive but not an XLSX or ODS workbook; open it and save as .xlsx.",
        "{file} adalah arsip ZIP tetapi bukan buku kerja XLSX atau ODS; buka lalu simpan sebagai .xlsx.",
    ),
    "error_import_broken": (
        "{file} looks like {format} but cannot be read (damaged or incomplete); open it in Excel or LibreOffice and save it again.",
        "{file} tampak seperti {format} tetapi tidak dapat dibaca (rusak atau tidak lengkap); buka di Excel atau LibreOffice lalu simpan ulang.",
    ),
    "error_import_encoding": (
        "{file} is not valid {encoding} text; try --encoding cp1252 or --encoding utf-8.",
        "{file} bukan teks {encoding} yang sah; coba --encoding cp1252 atau --encoding utf-8.",
    ),
    "error_import_encoding_name": ("--encoding: '{value}' is not an encoding Python knows; try utf-8 or cp1252.",
                                   "--encoding: '{value}' bukan pengodean yang dikenal; coba utf-8 atau cp1252."),
    "error_import_csv": ("{file} line {row}: {reason}; check the file's quotes and delimiters.",
                         "{file} baris {row}: {reason}; periksa tanda kutip dan pemisah di berkas."),
    "error_import_json": ("{file} is not valid JSON ({reason}); it must be an array of objects.",
                          "{file} bukan JSON yang sah ({reason}); harus berupa larik objek."),
    "error_import_jsonl": ("{file} line {row} is not valid JSON ({reason}).", "{file} baris {row} bukan JSON yang sah ({reason})."),
    "error_import_json_shape": ("{file}: JSON must be an array of objects, one per group.",
                                "{file}: JSON harus berupa larik objek, satu per kelompok."),
    "error_import_json_item": ("{file} item {row} is not an object with fields.", "{file} butir {row} bukan objek berisi isian."),
    "error_import_no_sheet": ("{file} has no sheet '{sheet}'; its sheets are: {sheets}.",
                              "{file} tidak punya lembar '{sheet}'; lembarnya: {sheets}."),
    "error_import_sheet_not_spreadsheet": ("--sheet applies to workbooks; {file} is not one.",
                                           "--sheet hanya untuk buku kerja; {file} bukan buku kerja."),
    "error_import_no_header": (
        "{file}: no header row with a group name column was found (sheet {sheet}); the first rows need headers such as "
        "'Nama Kelompok', 'Kabupaten/Kota', 'Jenis Usaha', or use --map.",
        "{file}: tidak ditemukan baris judul dengan kolom nama kelompok (lembar {sheet}); baris awal perlu judul seperti "
        "'Nama Kelompok', 'Kabupaten/Kota', 'Jenis Usaha', atau pakai --map.",
    ),
    "error_import_reader_died": ("reading {file} stopped unexpectedly; nothing was written. Try again, or report it.",
                                 "pembacaan {file} berhenti tiba-tiba; tidak ada yang ditulis. Coba lagi, atau laporkan."),
    "error_batch_not_found": ("there is no import batch {id}; see `uppks imports`.", "tidak ada batch impor {id}; lihat `uppks imports`."),
    "error_batch_undone": ("batch {id} was already undone at {when}.", "batch {id} sudah dibatalkan pada {when}."),
    "error_batch_touched": (
        "batch {id} cannot be undone: {count} of its groups were changed after it ({groups}); undoing would lose those changes. "
        "Edit them by hand instead.",
        "batch {id} tidak dapat dibatalkan: {count} kelompoknya diubah sesudahnya ({groups}); pembatalan akan menghapus perubahan itu. "
        "Ubah secara manual saja.",
    ),
    "error_needs_yes": ("this replaces data and no question can be asked here; run `{command}` to confirm.",
                        "ini mengganti data dan tidak bisa bertanya di sini; jalankan `{command}` untuk memastikan."),
    "confirm_undo": ("Undo batch {batch}: remove {remove} groups it added and restore {restore} it changed?",
                     "Batalkan batch {batch}: hapus {remove} kelompok yang ditambahkannya dan pulihkan {restore} yang diubahnya?"),
    "undo_cancelled": ("Nothing was changed.", "Tidak ada yang diubah."),
    "undo_done": ("Batch {batch} undone: {remove} groups removed, {restore} restored.",
                  "Batch {batch} dibatalkan: {remove} kelompok dihapus, {restore} dipulihkan."),
    # --- export ---
    "help_export": (
        "Export every field of the selected groups (CSV, XLSX, JSON, JSON Lines) under the column names import reads.",
        "Ekspor semua isian kelompok terpilih (CSV, XLSX, JSON, JSON Lines) dengan nama kolom yang dibaca impor.",
    ),
    "help_opt_export_format": ("csv, xlsx, json or jsonl (default: from the file name, else csv).",
                               "csv, xlsx, json atau jsonl (bawaan: dari nama berkas, atau csv)."),
    "help_opt_export_output": ("The file to write; - or nothing writes CSV/JSON to stdout.",
                               "Berkas tujuan; - atau kosong menulis CSV/JSON ke stdout."),
    "help_opt_redact": ("Blank leader names, phone numbers and notes (personal data, UU 27/2022) for sharing.",
                        "Kosongkan nama ketua, nomor HP dan catatan (data pribadi, UU 27/2022) untuk dibagikan."),
    "help_opt_force": ("Replace the file if it exists.", "Timpa berkas bila sudah ada."),
    "help_opt_delimiter": ("CSV delimiter, e.g. ; for Indonesian-locale Excel, or tab.",
                           "Pemisah CSV, mis. ; untuk Excel berlokal Indonesia, atau tab."),
    "help_opt_bom": ("Start the CSV with a UTF-8 BOM (default: yes for files, no for stdout) so Excel reads accents.",
                     "Awali CSV dengan BOM UTF-8 (bawaan: ya untuk berkas, tidak untuk stdout) agar Excel membaca huruf khusus."),
    "export_done": ("{count} groups written to {path} ({format}).", "{count} kelompok ditulis ke {path} ({format})."),
    "error_export_format": ("'{value}' is not an export format; use one of {formats}.",
                            "'{value}' bukan format ekspor; pakai salah satu dari {formats}."),
    "error_export_delimiter": ("--delimiter: '{value}' must be one character, e.g. ; or tab.",
                               "--delimiter: '{value}' harus satu karakter, mis. ; atau tab."),
    "error_export_xlsx_stdout": ("an XLSX export needs a file: add -o FILE.xlsx.",
                                 "ekspor XLSX memerlukan berkas: tambahkan -o BERKAS.xlsx."),
    "error_export_exists": ("{path} already exists; add --force to replace it, or choose another name.",
                            "{path} sudah ada; tambahkan --force untuk menimpanya, atau pilih nama lain."),
    "error_export_folder": ("the folder of {path} does not exist; create it first.",
                            "folder untuk {path} tidak ada; buat dulu."),
    # --- meeting report ---
    "help_report": (
        "Write a meeting report (XLSX, self-contained HTML or Markdown): totals, all districts, product types, the cross table and recent changes.",
        "Tulis laporan rapat (XLSX, HTML mandiri atau Markdown): jumlah, semua kabupaten/kota, jenis usaha, tabel silang dan perubahan terbaru.",
    ),
    "help_opt_report_format": ("xlsx, html or markdown (default: from the file name).",
                               "xlsx, html atau markdown (bawaan: dari nama berkas)."),
    "help_opt_report_output": ("The report file to write.", "Berkas laporan yang ditulis."),
    "help_opt_since": ("List groups added or changed since this date: 2025-10-01 or \"1 Oktober 2025\" (default: 30 days ago).",
                       "Daftar kelompok yang ditambah atau diubah sejak tanggal ini: 2025-10-01 atau \"1 Oktober 2025\" (bawaan: 30 hari lalu)."),
    "report_title": ("UPPKA groups: report", "Laporan kelompok UPPKA"),
    "report_generated": ("Made on {date} at {time}.", "Dibuat pada {date} pukul {time}."),
    "report_data_as_of": ("Data as of {date} (the latest change in the registry).",
                          "Data per {date} (perubahan terakhir di daftar)."),
    "report_empty": ("The registry holds no groups for this selection.", "Daftar tidak memuat kelompok untuk pilihan ini."),
    "report_totals": ("Totals", "Jumlah keseluruhan"),
    "report_changes": ("Groups added or changed since {since}", "Kelompok yang ditambah atau diubah sejak {since}"),
    "report_no_changes": ("None.", "Tidak ada."),
    "report_written": ("Report written to {path} ({format}).", "Laporan ditulis ke {path} ({format})."),
    "change_added": ("added", "baru"),
    "change_changed": ("changed", "diubah"),
    "col_change": ("Change", "Perubahan"),
    "sheet_summary": ("Summary", "Ringkasan"),
    "sheet_districts": ("Districts", "Kabupaten-Kota"),
    "sheet_product_types": ("Product types", "Jenis usaha"),
    "sheet_cross": ("District x type", "Kab-Kota x jenis"),
    "sheet_changes": ("Changes", "Perubahan"),
    "error_since": ("--since: '{value}' is not a date; write 2025-10-01 or \"1 Oktober 2025\".",
                    "--since: '{value}' bukan tanggal; tulis 2025-10-01 atau \"1 Oktober 2025\"."),
    "error_report_format": ("'{value}' is not a report format; use one of {formats}.",
                            "'{value}' bukan format laporan; pakai salah satu dari {formats}."),
    "error_report_needs_output": ("a report needs a file: add -o FILE (.xlsx, .html or .md).",
                                  "laporan memerlukan berkas: tambahkan -o BERKAS (.xlsx, .html atau .md)."),
    # --- safety ---
    "help_backup": (
        "Copy the registry into one consistent file (safe while another uppks writes); by default into the backups folder beside it.",
        "Salin daftar ke satu berkas yang utuh (aman walau uppks lain sedang menulis); bawaannya ke folder backups di sebelahnya.",
    ),
    "help_arg_backup_dest": ("Where to write the copy (a file or a folder).", "Tujuan salinan (berkas atau folder)."),
    "help_opt_keep": ("How many backups to keep in the backups folder.", "Berapa cadangan yang disimpan di folder backups."),
    "help_opt_repair": ("First recount the running totals that counts and summaries read.",
                        "Hitung ulang dulu jumlah berjalan yang dibaca oleh hitungan dan rekap."),
    "help_check": ("Check the registry: integrity, foreign keys, schema version, counts. Exit 1 on any problem.",
                   "Periksa daftar: keutuhan, kunci asing, versi skema, jumlah. Keluar dengan kode 1 bila ada masalah."),
    "help_restore": ("Replace the registry with a backup, after checking it and keeping the current file as a backup.",
                     "Ganti daftar dengan cadangan, setelah memeriksanya dan menyimpan berkas sekarang sebagai cadangan."),
    "help_arg_backup": ("The backup file to restore.", "Berkas cadangan yang dipulihkan."),
    "help_history": ("Every change to a group, newest first: when, what, before and after, and from where.",
                     "Semua perubahan pada satu kelompok, terbaru dahulu: kapan, apa, sebelum dan sesudah, dan dari mana."),
    "history_title": ("History of group {id}", "Riwayat kelompok {id}"),
    "col_at": ("When (UTC)", "Waktu (UTC)"),
    "col_action": ("What", "Kejadian"),
    "col_source": ("Source", "Sumber"),
    "col_what": ("Changes", "Perubahan"),
    "check_ok": ("{path}: OK (schema {version}, journal {journal}; {groups} groups, {active} active, {imports} imports).",
                 "{path}: BAIK (skema {version}, jurnal {journal}; {groups} kelompok, {active} aktif, {imports} impor)."),
    "check_problems": ("{path}: PROBLEMS found (schema {version}); restore a backup with `uppks restore`.",
                       "{path}: ada MASALAH (skema {version}); pulihkan cadangan dengan `uppks restore`."),
    "confirm_restore": ("Replace {path} with {backup} ({groups} groups)? The current file is kept as a backup.",
                        "Ganti {path} dengan {backup} ({groups} kelompok)? Berkas sekarang disimpan sebagai cadangan."),
    "restore_done": ("{path} restored from {backup} ({groups} groups); the previous file was kept as {kept}.",
                     "{path} dipulihkan dari {backup} ({groups} kelompok); berkas sebelumnya disimpan sebagai {kept}."),
    "interrupted": ("Interrupted; nothing half-done was kept.", "Dihentikan; tidak ada yang tersimpan setengah jadi."),
    "waiting_for_lock": ("Another uppks is writing to the registry; waiting for it to finish...",
                         "uppks lain sedang menulis ke daftar; menunggu sampai selesai..."),
    "error_backup_bad": ("{path} cannot be restored: {reason}. Choose another backup.",
                         "{path} tidak dapat dipulihkan: {reason}. Pilih cadangan lain."),
    "error_db_locked": ("{path} stayed busy with another write for {seconds} seconds; try again when it has finished.",
                        "{path} tetap sibuk dengan penulisan lain selama {seconds} detik; coba lagi setelah selesai."),
    "error_db_readonly": ("{path} cannot be written (a read-only file or folder); nothing was changed. Check its permissions or use --db.",
                          "{path} tidak dapat ditulisi (berkas atau folder hanya-baca); tidak ada yang diubah. Periksa izinnya atau pakai --db."),
    "error_db_full": ("the disk holding {path} is full; nothing was written. Free some space and try again.",
                      "disk tempat {path} penuh; tidak ada yang ditulis. Kosongkan ruang lalu coba lagi."),
    "error_db_cannot_open": ("{path} cannot be opened (missing, or its folder is not writable); check the path with `uppks db-path`.",
                             "{path} tidak dapat dibuka (tidak ada, atau foldernya tidak bisa ditulisi); periksa dengan `uppks db-path`."),
}
