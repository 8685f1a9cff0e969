"""Forms of the data-quality pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from jingzhun.core.imports.forms import ImportForm
from jingzhun.core.uploads import accept_attribute, validate_upload
from jingzhun.quality.choices import ListKind
from jingzhun.regions.forms import RegionField, bind_region_pickers

EVIDENCE = accept_attribute("evidence")
TEXT = {"class": "form-control form-control-sm"}


class RunForm(forms.Form):
    # A region outside the user's scope is refused by quality_run_start (403), not by the form.
    region = RegionField(
        label=gettext_lazy("地区"),
        required=False,
        small=True,
        check_scope=False,
        help_text=gettext_lazy("不选为本人管辖范围"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"), min_value=2014, max_value=2035, widget=forms.NumberInput(attrs=TEXT)
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_region_pickers(self, user)


class ListUploadForm(ImportForm):
    """上传比对名单: the list's kind, date, source and name are the importer's options; no dry run."""

    field_order = ["kind", "list_date", "source", "title", "file"]
    dry_run = None  # type: ignore[assignment]

    kind = forms.ChoiceField(
        label=gettext_lazy("名单类型"), choices=ListKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    list_date = forms.DateField(
        label=gettext_lazy("名单日期"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
    )
    source = forms.CharField(
        label=gettext_lazy("来源单位"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    title = forms.CharField(
        label=gettext_lazy("名称"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("名单文件")
        self.fields["file"].help_text = gettext_lazy("须有“证件号码”列；支持 .xlsx、.xls、.ods 和 .csv。")


class ExceptionForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("例外理由"), widget=forms.TextInput(attrs=TEXT), max_length=2000)
    evidence = forms.FileField(
        label=gettext_lazy("佐证材料"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": EVIDENCE}),
    )

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload, kind="evidence")
        return upload
