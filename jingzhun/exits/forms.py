"""Forms of 退出程序 pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import bind_user, style_widgets
from jingzhun.core.imports.forms import ImportForm
from jingzhun.exits.choices import SampleKind
from jingzhun.regions.forms import RegionField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


def _year() -> int:
    return datetime.date.today().year


class ProposeForm(forms.Form):
    """民主评议: one village meeting for the households chosen."""

    year = forms.IntegerField(label=_("退出年度"), min_value=2014, max_value=2035)
    meeting_on = forms.DateField(
        label=_("民主评议日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    attendance = forms.IntegerField(label=_("参会人数"), min_value=1, max_value=9999)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    evidence = FilesField(label=_("会议记录与签到表"), required=False)

    def __init__(self, *args, households=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["households"] = forms.MultipleChoiceField(
            label=_("拟退出户"),
            choices=[(str(h.pk), f"{h.code}（{h.size}人）") for h in households],
            widget=forms.CheckboxSelectMultiple,
        )
        style_widgets(self, small=False)


class BatchForm(forms.Form):
    """One step for the cases ticked on the board."""

    cases = forms.CharField(widget=forms.HiddenInput, required=False)
    step = forms.ChoiceField(label=_("办理环节"))
    note = forms.CharField(label=_("说明"), max_length=1000, required=False)
    evidence = FilesField(label=_("佐证材料"), required=False)

    def __init__(self, *args, steps=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = list(steps)
        style_widgets(self, small=True)


class ObjectionForm(forms.Form):
    raised_on = forms.DateField(label=_("提出日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    raised_by = forms.CharField(label=_("提出人"), max_length=50, required=False)
    content = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        style_widgets(self, small=True)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        style_widgets(self, small=True)


class ApplyForm(forms.Form):
    """村申请出列 / 县申请摘帽."""

    region = RegionField(label=_("地区"))
    year = forms.IntegerField(label=_("年度"), min_value=2014, max_value=2035)
    note = forms.CharField(label=_("申请说明"), max_length=200, required=False)
    evidence = FilesField(label=_("申请材料"), required=False)

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        bind_user(self, user)
        style_widgets(self, small=False)


class DrawForm(forms.Form):
    """抽样: a county, a year, a round; sizes and seed default to the business parameters."""

    county = RegionField(label=_("县（区）"), levels=("county",))
    year = forms.IntegerField(label=_("核查年度"), min_value=2014, max_value=2035)
    round = forms.CharField(label=_("轮次"), max_length=50, initial=_("第一轮"))
    kind = forms.ChoiceField(label=_("类型"), choices=SampleKind.choices)
    villages = forms.IntegerField(label=_("每乡镇抽村数"), min_value=1, required=False)
    exited = forms.IntegerField(label=_("每村已脱贫户数"), min_value=0, required=False)
    poor = forms.IntegerField(label=_("每村未脱贫户数"), min_value=0, required=False)
    non_registered = forms.IntegerField(label=_("每村非建档立卡户数"), min_value=0, required=False)
    seed = forms.IntegerField(label=_("随机种子"), min_value=0, required=False)

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        bind_user(self, user)
        style_widgets(self, small=False)


class VerificationImportForm(ImportForm):
    """核查结果 upload: the county (12-digit code), year and round of the sample."""

    county = RegionField(label=_("县（区）"), levels=("county",))
    year = forms.IntegerField(label=_("核查年度"), min_value=2014, max_value=2035)
    round = forms.CharField(label=_("轮次"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        style_widgets(self, small=False)
