"""Forms of the data-quality pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.uploads import accept_attribute, validate_upload
from jingzhun.quality.choices import ListKind

ACCEPTED = ".xlsx,.xls,.ods,.csv"
EVIDENCE = accept_attribute("evidence")
MAX_UPLOAD_MB = 50
TEXT = {"class": "form-control form-control-sm"}


class RunForm(forms.Form):
    region = forms.CharField(
        label=gettext_lazy("行政区划代码"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("留空为本人管辖范围"),
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "610902"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"), min_value=2014, max_value=2035, widget=forms.NumberInput(attrs=TEXT)
    )


class ListUploadForm(forms.Form):
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
    file = forms.FileField(
        label=gettext_lazy("名单文件"),
        help_text=gettext_lazy("须有“证件号码”列；支持 .xlsx、.xls、.ods 和 .csv。"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED, "class": "form-control"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(tuple(ACCEPTED.split(","))):
            raise forms.ValidationError(_("只能上传 .xlsx、.xls、.ods 或 .csv 文件。"))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("文件超过 %(mb)s MB。") % {"mb": MAX_UPLOAD_MB})
        return upload


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
