"""Spreadsheet import: one way for every ledger to take a workbook, check it all, and write all or nothing.

An app declares an importer; the kit reads the file (``core.excel``: header rows, aliases,
merged cells, encodings), cleans each cell by its column kind, binds each row to its
model and validates it with the model's own rules (field choices and validators,
``Model.clean``, check constraints — with Chinese messages), refuses rows outside the
user's scope, then writes, in one transaction, only what changed — one audit event per
changed row, all linked (``batch``) to one event of the import itself — or, if anything is
wrong, nothing at all, with every problem as "sheet, row, column: message" and an error
workbook that marks each one in the user's own file.

The common case, one sheet for one model (``declarative.ModelImporter``)::

    class VillageYearImporter(ModelImporter):
        name = "regions.village_years"            # registers it (jobs find it by name)
        label = _("导入村级年度情况")               # page and job title
        model = VillageYear
        schema = SheetSchema("村级年度情况", columns=(Column("village", "行政区划代码", kind="region_code",
                             required=True), Column("year", "年度", kind="year", required=True), ...))
        key = ("village", "year")                  # the natural key: re-importing changes nothing
        notes = (_("每村每年一行。"),)              # rules shown on the import page

A foreign key column may name the related row by another field (``references =
{"household": "code"}``: households by 户编号); the row's region is then read through it.

Anything else subclasses ``base.Importer`` and implements ``check(read)``: ``rows(sheet)``
cleans a sheet, ``bind(row, instance, fields)`` sets and validates, ``unique``,
``in_scope``/``outside_scope``, ``error``/``warn``/``file_error`` report, and
``stage(target, key, row, instance, before, fields, region=…)`` plans a write; the
default ``write()`` saves each ``Target`` in bulk (``save(target)``, ``core.bulk``), and an
importer that must write through its services overrides ``write()`` (it runs inside the
transaction and the import's audit context). ``run()`` returns an ``ImportResult``
(``counts`` of created / updated / unchanged per target, ``errors``, ``warnings``,
``written``, ``summary()``). ``run()`` raises PermissionDenied unless the user's role may
take every one of ``actions`` (default add and change) on ``access_target``.

Wiring, each a line or two:

- app ``ready()``: import the module that declares the importer (it registers itself);
- page: ``urlpatterns += import_urls(Importer, form_class=…, template_name=…, nav=…)`` from
  ``core.imports.views`` (``<app>:import`` and, with ``template_filename``,
  ``<app>:import-template``); a page that embeds the upload form uses ``ImportFormMixin``.
  The form subclasses ``forms.ImportForm`` (the file goes through ``core.uploads``; other
  fields are the importer's keyword arguments);
- job: every import runs as the one job ``spreadsheet_import`` (``jobs.spreadsheet_import_start``),
  whose page shows the progress, the counts and the errors, and offers the error workbook;
- command: ``class Command(ImportCommand): importer = …`` (``core.imports.commands``).
"""

from jingzhun.core.imports.base import Importer, importer_for, importers
from jingzhun.core.imports.declarative import ModelImporter
from jingzhun.core.imports.plan import Planned, Row, Target
from jingzhun.core.imports.result import Counts, ImportResult

__all__ = [
    "Counts",
    "ImportResult",
    "Importer",
    "ModelImporter",
    "Planned",
    "Row",
    "Target",
    "importer_for",
    "importers",
]
