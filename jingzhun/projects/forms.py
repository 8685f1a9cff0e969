"""Forms of the project pages (the spreadsheet import applies the same model rules)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.imports.forms import ImportForm
from jingzhun.projects.choices import PROJECT_FIELDS, AcceptanceResult, FundSource
from jingzhun.projects.models import PHOTO_MAX_BYTES, Project, validate_photo
from jingzhun.regions.forms import RegionField, bind_region_pickers
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class and a stable id."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")
        widget.attrs.setdefault("id", f"id_{name}")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ProjectForm(forms.ModelForm):
    """项目: the place and the served villages are typed as division codes."""

    region_code = RegionField(label=_("建设地点"), required=True, help_text=_("选到行政村；跨村的项目选乡镇或县"))
    village_codes = forms.CharField(
        label=_("受益村（区划代码）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("多个代码以逗号、空格或换行分隔；留空则为建设地点所在村"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("修改原因"), max_length=500, required=False)

    class Meta:
        model = Project
        fields = ["code", *PROJECT_FIELDS, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["version"].initial = self.instance.version
            self.fields["region_code"].initial = self.instance.region_id
            self.fields["village_codes"].initial = " ".join(v.code for v in self.instance.villages.all())
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]
        style(self)
        bind_region_pickers(self, user)

    def clean_region_code(self) -> Region:
        code = self.cleaned_data["region_code"].strip()
        region = Region.objects.for_user(self.user).filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("区划代码不存在或不在您的管辖范围内。"))
        self.instance.region = region
        return region

    def clean_village_codes(self) -> list[Region]:
        codes = [c for c in re.split(r"[\s,，、;；]+", self.cleaned_data.get("village_codes") or "") if c]
        found = {r.code: r for r in Region.objects.for_user(self.user).filter(code__in=codes, level="village")}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(_("不是您管辖范围内的行政村：%(codes)s") % {"codes": "、".join(missing)})
        return [found[c] for c in codes]

    def villages(self) -> list[Region]:
        villages = self.cleaned_data.get("village_codes") or []
        region = self.cleaned_data.get("region_code")
        if not villages and region is not None and region.level == "village":
            return [region]
        return villages


class AllocationForm(StyledForm):
    source = forms.ChoiceField(label=_("资金来源"), choices=FundSource.choices)
    amount = forms.DecimalField(label=_("下达金额（元）"), max_digits=14, decimal_places=2, min_value=0.01)
    date = forms.DateField(label=_("下达日期"), widget=DATE)
    document_no = forms.CharField(label=_("下达文号"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class DisbursementForm(StyledForm):
    source = forms.ChoiceField(label=_("资金来源"), choices=FundSource.choices)
    amount = forms.DecimalField(label=_("拨付金额（元）"), max_digits=14, decimal_places=2, min_value=0.01)
    date = forms.DateField(label=_("拨付日期"), widget=DATE)
    voucher = forms.CharField(label=_("凭证号"), max_length=100)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class BudgetChangeForm(StyledForm):
    amount = forms.DecimalField(
        label=_("调整金额（元）"), max_digits=14, decimal_places=2, help_text=_("增加为正数，减少为负数")
    )
    reason = forms.CharField(label=_("调整理由"), max_length=300)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultiplePhotoField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_photo(upload)
        return cleaned


class ProgressReportForm(StyledForm):
    date = forms.DateField(label=_("报告日期"), widget=DATE)
    percent = forms.IntegerField(label=_("形象进度（%）"), min_value=0, max_value=100)
    quantity_done = forms.DecimalField(
        label=_("累计完成工程量"), max_digits=10, decimal_places=2, required=False, help_text=_("如公里数")
    )
    note = forms.CharField(label=_("进度说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultiplePhotoField(
        label=_("现场照片"),
        required=False,
        help_text=_("JPG、PNG 或 WebP，每张不超过 %(mb)s MB") % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)},
    )


class AcceptanceForm(StyledForm):
    date = forms.DateField(label=_("验收日期"), widget=DATE)
    result = forms.ChoiceField(label=_("验收结论"), choices=AcceptanceResult.choices)
    inspectors = forms.CharField(label=_("验收单位及人员"), max_length=300)
    note = forms.CharField(label=_("验收意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    asset_name = forms.CharField(label=_("资产名称"), max_length=200, required=False, help_text=_("留空则同项目名称"))
    owner = forms.CharField(label=_("产权单位"), max_length=100, required=False)
    maintainer = forms.CharField(label=_("管护主体"), max_length=100, required=False)


class UpkeepForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2010, max_value=2035)
    date = forms.DateField(label=_("记录日期"), widget=DATE)
    work = forms.CharField(label=_("管护内容"), widget=forms.Textarea(attrs={"rows": 2}))
    cost = forms.DecimalField(label=_("管护经费（元）"), max_digits=14, decimal_places=2, min_value=0, initial=0)
    posts = forms.CharField(
        label=_("公益岗位"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：户编号 岗位 在岗月数 年报酬（元），如：610902001000123 护路员 12 6000"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_posts(self) -> list[tuple[Household, str, int, Any]]:
        from decimal import Decimal, InvalidOperation

        lines = [line.split() for line in (self.cleaned_data.get("posts") or "").splitlines() if line.strip()]
        codes = [parts[0] for parts in lines]
        households = {h.code: h for h in Household.objects.for_user(self.user).filter(code__in=codes)}
        posts, errors = [], []
        for number, parts in enumerate(lines, start=1):
            household = households.get(parts[0])
            if household is None:
                errors.append(
                    _("第 %(n)s 行：户编号 %(code)s 不存在或不在管辖范围内") % {"n": number, "code": parts[0]}
                )
                continue
            try:
                months = int(parts[2]) if len(parts) > 2 else 12
                pay = Decimal(parts[3]) if len(parts) > 3 else Decimal(0)
            except (ValueError, InvalidOperation):
                errors.append(_("第 %(n)s 行：在岗月数或报酬不是数字") % {"n": number})
                continue
            if not 0 < months <= 12:
                errors.append(_("第 %(n)s 行：在岗月数应为 1–12") % {"n": number})
                continue
            posts.append((household, parts[1] if len(parts) > 1 else str(_("公益岗")), months, pay))
        if errors:
            raise forms.ValidationError(errors)
        return posts


class BeneficiaryForm(StyledForm):
    codes = forms.CharField(
        label=_("受益贫困户户编号"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("多个户编号以逗号、空格或换行分隔"),
    )
    how = forms.CharField(
        label=_("带贫方式"), max_length=100, required=False, help_text=_("如：务工、入股分红、通路受益")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_codes(self) -> list[Household]:
        codes = [c for c in re.split(r"[\s,，、;；]+", self.cleaned_data["codes"]) if c]
        found = {h.code: h for h in Household.objects.for_user(self.user).filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("户编号不存在或不在您的管辖范围内：%(codes)s") % {"codes": "、".join(missing)}
            )
        return list(found.values())


class ProjectImportForm(ImportForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("项目计划与资金下达表")


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
