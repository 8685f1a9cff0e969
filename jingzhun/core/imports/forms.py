"""The upload form of an import: the file (checked by ``core.uploads``), a dry run, and the importer's options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.uploads import accept_attribute, validate_upload


class ImportForm(forms.Form):
    """Subclass it to add the importer's options (their names are its keyword arguments).

    Remove the dry run of an importer that has none with ``dry_run = None``.
    """

    file = forms.FileField(
        label=_("数据文件"),
        help_text=_("支持 .xlsx、.xls、.ods 和 .csv（UTF-8 或 GBK）。"),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute("spreadsheet"), "class": "form-control"}),
    )
    dry_run = forms.BooleanField(
        label=_("只检查，不写入"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload, kind="spreadsheet")
        return upload

    def import_options(self) -> dict[str, Any]:
        """Return the importer's options: every field but the file and the dry run."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("file", "dry_run")}
