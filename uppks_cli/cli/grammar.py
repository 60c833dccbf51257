"""Every option and argument of the command line, declared once, as plain data.

The Typer commands are built from these declarations (typer_app.py turns each
into a Typer parameter), and the quick path for `count` and `summary` (quick.py)
parses its arguments with the very same ones, without loading Typer. Help
texts are catalogue keys, put into words when the commands are built.
"""

from __future__ import annotations

from uppks_cli.registry.columns import INPUT_FIELDS, REQUIRED_FIELDS, STATUSES


class Option:
    """One option or argument: where its value goes, how it is written, what it accepts.

    kind: "option" (takes a value), "flag" (no value), "switch" (--x/--no-x),
    "repeated" (an option given several times), "argument" or "arguments"
    (positional); value: "text", "int" or "path"; choices: the values it
    accepts, checked before any command runs; default ... means required;
    help and metavar (how help names the value) are catalogue keys.
    """

    __slots__ = ("dest", "flags", "help", "kind", "value", "choices", "default", "metavar", "minimum", "maximum")

    def __init__(self, dest: str, flags: tuple[str, ...] = (), help: str = "", kind: str = "option",
                 value: str = "text", choices: tuple[str, ...] | None = None, default=None,
                 metavar: str | None = None, minimum: int | None = None, maximum: int | None = None):
        self.dest, self.flags, self.help, self.kind, self.value = dest, flags, help, kind, value
        self.choices, self.default, self.metavar, self.minimum = choices, default, metavar, minimum
        self.maximum = maximum


def _field(name: str) -> Option:
    """An option that gives a group's field: --members-pus for members_pus."""
    return Option(name, ("--" + name.replace("_", "-"),), "field_help_" + name)


# --- global options, before the command ---
DB = Option("db", ("--db",), "help_opt_db", metavar="metavar_path")
LANG = Option("lang", ("--lang",), "help_opt_lang", choices=("id", "en"))
VERSION = Option("version", ("--version",), "help_opt_version", kind="flag", default=False)
GLOBAL_OPTIONS = (DB, LANG, VERSION)

# --- which groups: list, count, summary, export, report ---
TERMS = Option("terms", (), "help_arg_terms", kind="arguments", metavar="metavar_terms")
DISTRICT = Option("district", ("--district",), "field_help_district")
PRODUCT_TYPE = Option("product_type", ("--product-type",), "field_help_product_type")
SUBDISTRICT = Option("subdistrict", ("--subdistrict",), "field_help_subdistrict")
SEARCH = Option("search", ("--search",), "help_opt_search")
STATUS = Option("status", ("--status",), "help_opt_status", choices=(*STATUSES, "all"), default="active")
HAS = Option("has", ("--has",), "help_opt_has", choices=("nib", "pirt", "halal"))
LACKS = Option("lacks", ("--lacks",), "help_opt_lacks", choices=("nib", "pirt", "halal"))
# status stays last: recap and trend take every filter but it
FILTERS = (DISTRICT, PRODUCT_TYPE, SUBDISTRICT, SEARCH, HAS, LACKS, STATUS)

# --- how to show it ---
FORMAT = Option("output", ("--format", "-f"), "help_opt_format", choices=("table", "csv", "json"), default="table")
SUMMARY_FORMAT = Option("output", ("--format", "-f"), "help_opt_format", choices=("table", "csv", "json", "markdown"),
                        default="table")
REPORT_FORMAT = Option("output", ("--format", "-f"), "help_opt_format", choices=("table", "json"), default="table")
BY = Option("by", ("--by",), "help_opt_by", default="district")
CHART = Option("chart", ("--chart",), "help_opt_chart", kind="flag", default=False)
SORT = Option("sort", ("--sort",), "help_opt_sort")
LIMIT = Option("limit", ("--limit",), "help_opt_limit", value="int", minimum=1, maximum=2**63 - 1)

# --- a group's fields: add and edit ---
# numbers as SQLite stores them: a 20-digit number is refused as a usage error
LARGEST_NUMBER = 2**63 - 1
GROUP_ID = Option("group_id", (), "help_arg_id", kind="argument", value="int", metavar="metavar_id", default=...,
                  minimum=1, maximum=LARGEST_NUMBER)
# the required fields first, as `add --help` lists them
FIELD_OPTIONS = tuple(_field(name) for name in REQUIRED_FIELDS + tuple(f for f in INPUT_FIELDS if f not in REQUIRED_FIELDS))
REASON = Option("reason", ("--reason",), "help_opt_reason")

# --- product types ---
CODE = Option("code", (), "help_arg_code", kind="argument", metavar="metavar_code", default=...)
LABEL_ID = Option("label_id", ("--label-id",), "help_opt_label_id", default=...)
LABEL_EN = Option("label_en", ("--label-en",), "help_opt_label_en", default=...)
ALIASES = Option("alias", ("--alias",), "help_opt_alias", kind="repeated")
ALIAS = Option("alias", (), "help_arg_alias", kind="argument", metavar="metavar_alias", default=...)
ALIAS_OF = Option("product_type", (), "field_help_product_type", kind="argument", metavar="metavar_product_type",
                  default=...)

# --- import ---
FILES = Option("files", (), "help_arg_files", kind="arguments", metavar="metavar_files", default=...)
SHEET = Option("sheet", ("--sheet",), "help_opt_sheet")
ENCODING = Option("encoding", ("--encoding",), "help_opt_encoding")
MAP = Option("mapping", ("--map",), "help_opt_map", kind="repeated", metavar="metavar_map")
ON_EXISTING = Option("on_existing", ("--on-existing",), "help_opt_on_existing", choices=("update", "skip"),
                     default="update")
SKIP_INVALID = Option("skip_invalid", ("--skip-invalid",), "help_opt_skip_invalid", kind="flag", default=False)
REJECTS = Option("rejects", ("--rejects",), "help_opt_rejects", value="path", metavar="metavar_file")
DRY_RUN = Option("dry_run", ("--dry-run",), "help_opt_dry_run", kind="flag", default=False)
INCLUDE_HIDDEN = Option("include_hidden", ("--include-hidden",), "help_opt_include_hidden", kind="flag",
                        default=False)
QUIET = Option("quiet", ("--quiet", "-q"), "help_opt_quiet", kind="flag", default=False)
IMPORT = (FILES, SHEET, ENCODING, MAP, ON_EXISTING, SKIP_INVALID, REJECTS, DRY_RUN, INCLUDE_HIDDEN, QUIET, REPORT_FORMAT)
BATCH_ID = Option("batch_id", (), "help_arg_batch", kind="argument", value="int", metavar="metavar_id", default=...,
                  minimum=1, maximum=LARGEST_NUMBER)
YES = Option("yes", ("--yes", "-y"), "help_opt_yes", kind="flag", default=False)

# --- files written ---
EXPORT_FORMAT = Option("output_format", ("--format", "-f"), "help_opt_export_format",
                       choices=("csv", "xlsx", "json", "jsonl"))
EXPORT_OUTPUT = Option("output", ("--output", "-o"), "help_opt_export_output", metavar="metavar_file")
REDACT = Option("redact", ("--redact",), "help_opt_redact", kind="flag", default=False)
FORCE = Option("force", ("--force",), "help_opt_force", kind="flag", default=False)
DELIMITER = Option("delimiter", ("--delimiter",), "help_opt_delimiter", default=",")
BOM = Option("bom", ("--bom", "--no-bom"), "help_opt_bom", kind="switch")
REPORT_OUTPUT = Option("output", ("--output", "-o"), "help_opt_report_output", metavar="metavar_file")
REPORT_KIND = Option("report_format", ("--format", "-f"), "help_opt_report_format",
                     choices=("xlsx", "html", "markdown"))
SINCE = Option("since", ("--since",), "help_opt_since")
ALL_DISTRICTS = Option("all_districts", ("--all-districts",), "help_opt_all_districts", kind="flag", default=False)

# --- settings kept in the registry ---
SETTING_KEY = Option("key", (), "help_arg_setting", kind="argument", metavar="KEY", default=...)
SETTING_VALUE = Option("value", (), "help_arg_setting_value", kind="argument", metavar="VALUE", default=...)

# --- keeping the data safe ---
BACKUP_DEST = Option("destination", (), "help_arg_backup_dest", kind="argument", metavar="metavar_dest")
KEEP = Option("keep", ("--keep",), "help_opt_keep", value="int", minimum=1, default=10)
REPAIR = Option("repair", ("--repair",), "help_opt_repair", kind="flag", default=False)
BACKUP_FILE = Option("backup_file", (), "help_arg_backup", kind="argument", value="path", metavar="metavar_backup",
                     default=...)
DEMO_OUTPUT = Option("output", ("--output", "-o"), "help_opt_demo_output", value="path", default="uppks-contoh.db")

# The commands the quick path answers, with every option they take.
COUNT = (TERMS, *FILTERS)
SUMMARY = (TERMS, BY, *FILTERS, SUMMARY_FORMAT, CHART)
LIST = (TERMS, *FILTERS, SORT, LIMIT, FORMAT)
EXPORT = (TERMS, EXPORT_FORMAT, EXPORT_OUTPUT, *FILTERS, REDACT, FORCE, DELIMITER, BOM)

# --- monthly reports (R/I/UPPKA): monthly, recap, trend ---
GROUP_REF = Option("group", (), "help_arg_group", kind="argument", metavar="metavar_group", default=...)
PERIOD = Option("period", ("--period",), "help_opt_period", metavar="metavar_period")
MONTHLY_FIELD_OPTIONS = tuple(Option(name, ("--" + name.replace("_", "-"),), "monthly_help_" + name) for name in (
    "meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb", "turnover",
    "capital_received", "capital_source", "reported_on", "notes"))
# as typed in either spelling (product-type, product_type) and in the officer's word for a subdistrict
RECAP_BY = Option("by", ("--by",), "help_opt_recap_by",
                  choices=("district", "subdistrict", "kecamatan", "product-type", "product_type"), default="district")
FROM_PERIOD = Option("first", ("--from",), "help_opt_from", metavar="metavar_period")
TO_PERIOD = Option("last", ("--to",), "help_opt_to", metavar="metavar_period")
MEASURE = Option("measure", ("--measure",), "help_opt_measure",
                 choices=("reporting-rate", "families", "kb-rate", "turnover"), default="reporting-rate")
TREND_CHART = Option("chart", ("--chart",), "help_opt_trend_chart", kind="flag", default=False)
RECAP = (TERMS, PERIOD, RECAP_BY, *FILTERS[:-1], SUMMARY_FORMAT)
MONTHLY_MISSING = (TERMS, PERIOD, *FILTERS, FORMAT)


# --- monthly import and export ---
IMPORT_PERIOD = Option("period", ("--period",), "help_opt_import_period", metavar="metavar_period")
MONTHLY_MAP = Option("mapping", ("--map",), "help_opt_monthly_map", kind="repeated", metavar="metavar_map")
MONTHLY_IMPORT = (FILES, IMPORT_PERIOD, SHEET, ENCODING, MONTHLY_MAP, SKIP_INVALID, REJECTS, DRY_RUN, INCLUDE_HIDDEN,
                  QUIET, REPORT_FORMAT)
EXPORT_PERIOD = Option("period", ("--period",), "help_opt_export_period", metavar="metavar_period")
# reports are kept whatever became of the group later: all of them unless asked
REPORTS_STATUS = Option("status", ("--status",), "help_opt_reports_status", choices=(*STATUSES, "all"), default="all")
MONTHLY_EXPORT = (TERMS, EXPORT_PERIOD, EXPORT_FORMAT, EXPORT_OUTPUT, DISTRICT, PRODUCT_TYPE, SUBDISTRICT, SEARCH,
                  REPORTS_STATUS, FORCE, DELIMITER, BOM)


# --- coaching: activities and attention ---
# the kinds as domain/coaching.py knows them, written here so that the quick path loads no more
ACTIVITY_KINDS = ("visit", "training", "meeting", "exhibition", "capital", "certification", "partnership", "other")
ACTIVITY_DATE = Option("date", ("--date",), "help_opt_activity_date", metavar="metavar_date", default=...)
ACTIVITY_KIND = Option("kind", ("--kind",), "help_opt_activity_kind", choices=ACTIVITY_KINDS, default=...)
TOPIC = Option("topic", ("--topic",), "help_opt_topic", default=...)
ACTIVITY_BY = Option("by", ("--by",), "help_opt_activity_by", metavar="metavar_name")
ATTENDED = Option("attended", ("--attended",), "help_opt_attended", metavar="metavar_number")
AMOUNT = Option("amount", ("--amount",), "help_opt_amount")
PARTNER = Option("partner", ("--partner",), "help_opt_partner", metavar="metavar_name")
# a certification sets the group's paper, obtained on the activity's day
PAPER_OPTIONS = tuple(_field(paper) for paper in ("nib", "pirt", "halal"))
ACTIVITY_OPTIONS = (ACTIVITY_DATE, ACTIVITY_KIND, TOPIC, ACTIVITY_BY, ATTENDED, AMOUNT, PARTNER)
ACTIVITY_SINCE = Option("since", ("--since",), "help_opt_activity_since", metavar="metavar_date")
KIND_FILTER = Option("kind", ("--kind",), "help_opt_kind_filter", choices=ACTIVITY_KINDS)
ACTIVITY_REDACT = Option("redact", ("--redact",), "help_opt_activity_redact", kind="flag", default=False)
ACTIVITY_MAP = Option("mapping", ("--map",), "help_opt_activity_map", kind="repeated", metavar="metavar_map")
ACTIVITY_IMPORT = (FILES, SHEET, ENCODING, ACTIVITY_MAP, SKIP_INVALID, REJECTS, DRY_RUN, INCLUDE_HIDDEN, QUIET,
                   REPORT_FORMAT)
ACTIVITY_EXPORT = (TERMS, ACTIVITY_SINCE, KIND_FILTER, EXPORT_FORMAT, EXPORT_OUTPUT, *FILTERS, ACTIVITY_REDACT, FORCE,
                   DELIMITER, BOM)
# months up to a century; a fall in points or percent of at most 100, as a larger one can never happen
THRESHOLDS = tuple(Option(dest, ("--" + dest.replace("_", "-"),), "help_opt_" + dest, value="int", minimum=1,
                          maximum=most, default=default)
                   for dest, default, most in (("no_report_months", 3, 1200), ("no_activity_months", 6, 1200),
                                               ("trend_months", 6, 1200), ("kb_drop", 10, 100),
                                               ("members_drop", 20, 100), ("inactive_months", 12, 1200)))
ATTENTION = (TERMS, *FILTERS, *THRESHOLDS, FORMAT)
LEGALITY = Option("legality", ("--legality",), "help_opt_legality", kind="flag", default=False)
