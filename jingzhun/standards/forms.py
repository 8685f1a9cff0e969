"""Forms of the standards pages. Saving goes through ``services`` (or ``jobs.evaluation_start``)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.regions.models import YEAR_VALIDATORS, Region
from jingzhun.standards import services
from jingzhun.standards.choices import Engine, Level
from jingzhun.standards.compiler import used_levels
from jingzhun.standards.conditions import (
    COMBINE,
    COMPARISONS,
    CONDITION_ROWS,
    OPERATORS,
    PARAMETER_ROWS,
    expression_from_rows,
    field_choices,
    parse_literal,
    rows_from_expression,
)
from jingzhun.standards.expressions import RuleError
from jingzhun.standards.jobs import evaluation_check, user_may_edit_standards
from jingzhun.standards.labels import percent_parameters
from jingzhun.standards.models import PovertyLine, RuleSet

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CODE = {"class": "form-control font-monospace", "rows": 8, "spellcheck": "false"}


def style(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def visible_region(user: Any, code: str) -> Region:
    """Return the region ``code`` inside ``user``'s scope; raise ValidationError otherwise."""
    region = Region.objects.for_user(user).filter(code=code.strip()).first()
    if region is None:
        raise forms.ValidationError(_("没有这个区划代码，或不在您的管辖范围内。"))
    return region


class PrettyJSONField(forms.JSONField):
    """JSON in a textarea, shown indented (Chinese kept as it is)."""

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class PovertyLineForm(forms.ModelForm):
    class Meta:
        model = PovertyLine
        fields = ["year", "region", "amount", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level="province").order_by("code")
        self.fields["region"].empty_label = _("全国（国家标准）")
        style(self)


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ["name", "description", "source", "effective_from", "effective_to", "region_prefix"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class RuleSetCopyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("新版本代码"),
        max_length=40,
        help_text=gettext_lazy("小写字母、数字和连字符，如 ankang-2019"),
    )
    name = forms.CharField(label=gettext_lazy("新版本名称"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class RuleForm(forms.Form):
    """A rule as typed in the editor; ``rule_save`` validates it (Rule.clean) and says where it is wrong."""

    level = forms.ChoiceField(label=gettext_lazy("层级"), choices=Level.choices)
    code = forms.CharField(
        label=gettext_lazy("指标代码"), max_length=40, help_text=gettext_lazy("小写字母、数字和下划线，如 income")
    )
    name = forms.CharField(label=gettext_lazy("指标名称"), max_length=100)
    veto = forms.BooleanField(label=gettext_lazy("一票否决"), required=False)
    expression = PrettyJSONField(
        label=gettext_lazy("判定表达式（JSON）"),
        widget=forms.Textarea(attrs=CODE),
        help_text=gettext_lazy('例如 {"gt": [{"var": "income_per_capita"}, {"var": "poverty_line"}]}'),
    )
    parameters = PrettyJSONField(
        label=gettext_lazy("参数（JSON）"),
        required=False,
        widget=forms.Textarea(attrs=CODE | {"rows": 5}),
        help_text=gettext_lazy('例如 {"max": {"default": 0.03, "type": "number", "label": "贫困发生率上限"}}'),
    )
    fix_hint = forms.CharField(label=gettext_lazy("整改建议"), max_length=300, required=False)
    position = forms.IntegerField(label=gettext_lazy("顺序"), min_value=0, initial=0)
    # "rows": the conditions and parameters as rows below; "json": the expression as typed (advanced).
    mode = forms.ChoiceField(choices=[("rows", "rows"), ("json", "json")], required=False, widget=forms.HiddenInput)
    combine = forms.ChoiceField(label=gettext_lazy("条件关系"), choices=list(COMBINE.items()), required=False)

    STRUCTURED = ("cond_", "par_", "combine", "expression", "parameters", "mode")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expression"].required = False
        for i in range(CONDITION_ROWS):
            self.fields[f"cond_{i}_field"] = forms.ChoiceField(
                label=gettext_lazy("字段"), choices=field_choices(), required=False
            )
            self.fields[f"cond_{i}_op"] = forms.ChoiceField(
                label=gettext_lazy("比较"), choices=[("", "—"), *OPERATORS.items()], required=False
            )
            self.fields[f"cond_{i}_param"] = forms.CharField(label=gettext_lazy("参数"), required=False)
            self.fields[f"cond_{i}_value"] = forms.CharField(label=gettext_lazy("或数值"), required=False)
        for j in range(PARAMETER_ROWS):
            self.fields[f"par_{j}_name"] = forms.CharField(label=gettext_lazy("参数代码"), required=False)
            self.fields[f"par_{j}_label"] = forms.CharField(label=gettext_lazy("中文名称（含单位）"), required=False)
            self.fields[f"par_{j}_default"] = forms.CharField(label=gettext_lazy("默认值"), required=False)
        if not self.is_bound:
            self._rows_initial()
        style(self)

    def _rows_initial(self) -> None:
        expression = self.initial.get("expression")
        parameters = self.initial.get("parameters") or {}
        if isinstance(parameters, str) or isinstance(expression, str):
            self.initial["mode"] = "json"
            return
        rows = rows_from_expression(expression) if expression else ("all", [])
        simple = all(spec.get("type", "number") in ("number", "text") for spec in parameters.values())
        if rows is None or not simple or len(parameters) > PARAMETER_ROWS:
            self.initial["mode"] = "json"
            return
        self.initial["mode"] = "rows"
        self.initial["combine"] = rows[0]
        for i, row in enumerate(rows[1]):
            self.initial[f"cond_{i}_field"] = row["field"]
            self.initial[f"cond_{i}_op"] = row["op"]
            self.initial[f"cond_{i}_param"] = row.get("param", "")
            self.initial[f"cond_{i}_value"] = row.get("value", "")
        for j, (name, spec) in enumerate(parameters.items()):
            self.initial[f"par_{j}_name"] = name
            self.initial[f"par_{j}_label"] = spec.get("label", "")
            default = spec.get("default")
            self.initial[f"par_{j}_default"] = "" if default is None else default

    def visible_fields(self) -> list[Any]:
        return [f for f in super().visible_fields() if not f.name.startswith(self.STRUCTURED)]

    @property
    def in_rows(self) -> bool:
        mode = self.data.get("mode") if self.is_bound else self.initial.get("mode")
        return mode == "rows"

    @property
    def condition_rows(self) -> list[list[Any]]:
        return [[self[f"cond_{i}_{part}"] for part in ("field", "op", "param", "value")] for i in range(CONDITION_ROWS)]

    @property
    def parameter_rows(self) -> list[list[Any]]:
        return [[self[f"par_{j}_{part}"] for part in ("name", "label", "default")] for j in range(PARAMETER_ROWS)]

    def clean_parameters(self) -> Any:
        return self.cleaned_data.get("parameters") or {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") != "rows":
            if not data.get("expression") and not self.has_error("expression"):
                self.add_error("expression", _("请填写判定表达式。"))
            return data
        parameters: dict[str, Any] = {}
        for j in range(PARAMETER_ROWS):
            name = (data.get(f"par_{j}_name") or "").strip()
            if not name:
                continue
            raw = (data.get(f"par_{j}_default") or "").strip()
            default = parse_literal(raw) if raw else None
            kind = "text" if isinstance(default, str) else "number"
            parameters[name] = {"default": default, "type": kind, "label": (data.get(f"par_{j}_label") or "").strip()}
        rows = []
        for i in range(CONDITION_ROWS):
            field, op = data.get(f"cond_{i}_field"), data.get(f"cond_{i}_op")
            if not field:
                continue
            if not op:
                self.add_error(None, _("第 %(n)d 个条件缺少比较方式。") % {"n": i + 1})
                continue
            param = (data.get(f"cond_{i}_param") or "").strip()
            raw = (data.get(f"cond_{i}_value") or "").strip()
            if op in COMPARISONS and not param and not raw:
                self.add_error(None, _("第 %(n)d 个条件缺少参数或数值。") % {"n": i + 1})
                continue
            if param and param not in parameters:
                self.add_error(None, _("第 %(n)d 个条件的参数 %(p)s 未在参数中声明。") % {"n": i + 1, "p": param})
                continue
            rows.append({"field": field, "op": op, "param": param, "value": parse_literal(raw) if raw else None})
        if not rows:
            self.add_error(None, _("请至少填写一个条件。"))
            return data
        data["expression"] = expression_from_rows(data.get("combine") or "all", rows)
        data["parameters"] = parameters
        return data

    def add_service_error(self, exc: ValidationError) -> None:
        """Put the errors of ``rule_save`` next to their fields; a RuleError about parameters next to them."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, errors in exc.error_dict.items():
            for message in ValidationError(errors).messages:
                if name == "expression" and message.startswith("parameters"):
                    self.add_error("parameters", message)
                else:
                    self.add_error(name if name in self.fields else None, message)


class PreviewForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), validators=YEAR_VALIDATORS)
    region = forms.CharField(label=gettext_lazy("地区代码"), max_length=12)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_region(self) -> Region:
        return visible_region(self.user, self.cleaned_data["region"])


class RunForm(forms.Form):
    """发起评估: every check of ``evaluation_check`` answered here, in Chinese."""

    year = forms.IntegerField(label=gettext_lazy("评估年度"), validators=YEAR_VALIDATORS)
    level = forms.ChoiceField(label=gettext_lazy("评估层级"), choices=Level.choices)
    region = forms.CharField(
        label=gettext_lazy("评估地区代码"), max_length=12, help_text=gettext_lazy("12 位区划代码，须在您的管辖范围内")
    )
    ruleset = forms.ModelChoiceField(
        label=gettext_lazy("规则集"),
        queryset=RuleSet.objects.order_by("-effective_from", "code"),
        required=False,
        empty_label=gettext_lazy("（按年度和地区自动选用适用的规则集）"),
    )
    # Kept for links and scripts that pass ``名称=值`` lines; the page lists every parameter instead.
    overrides = forms.CharField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(
        label=gettext_lazy("正式评估（结果存档，不可修改）"),
        required=False,
        help_text=gettext_lazy("仅市级扶贫部门；须使用当年适用的规则集且不调整参数"),
    )
    # How the work is computed is the office's concern, not the user's: the database unless asked otherwise.
    engine = forms.ChoiceField(choices=Engine.choices, initial=Engine.DB, required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, parameter_ruleset: RuleSet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user_may_edit_standards(user):
            del self.fields["official"]
        self.parameter_ruleset = parameter_ruleset
        self.parameter_specs: dict[str, tuple[str, str, str, Any, bool]] = {}
        if parameter_ruleset is not None:
            self._add_parameter_fields(parameter_ruleset)
        style(self)

    def _add_parameter_fields(self, ruleset: RuleSet) -> None:
        """One input per parameter of the rule set, with its Chinese name, unit and current value."""
        order = {level: i for i, level in enumerate(Level.values)}
        for rule in sorted(ruleset.rules.all(), key=lambda r: (order.get(r.level, 9), r.position, r.code)):
            percents = percent_parameters(rule.level, rule.expression)
            for name, spec in (rule.parameters or {}).items():
                default = spec.get("default")
                percent = name in percents
                key = f"p__{rule.level}__{rule.code}__{name}"
                label = spec.get("label") or name
                if isinstance(default, bool) or spec.get("type") == "bool":
                    field: forms.Field = forms.NullBooleanField(
                        label=f"{rule.name}：{label}",
                        required=False,
                        widget=forms.Select(choices=[("", "—"), ("true", _("是")), ("false", _("否"))]),
                    )
                    initial: Any = default
                elif spec.get("type", "number") == "number":
                    field = forms.DecimalField(label=f"{rule.name}：{label}", required=False)
                    initial = None if default is None else Decimal(str(default)) * (100 if percent else 1)
                    if percent:
                        field.unit = "%"  # type: ignore[attr-defined]
                    if default is None:
                        field.help_text = _("留空表示按当年标准")
                else:
                    field = forms.CharField(label=f"{rule.name}：{label}", required=False)
                    initial = default
                self.fields[key] = field
                self.initial.setdefault(key, initial)
                self.parameter_specs[key] = (rule.level, rule.code, name, default, percent)

    def visible_fields(self) -> list[Any]:
        return [field for field in super().visible_fields() if not field.name.startswith("p__")]

    @property
    def parameter_groups(self) -> list[tuple[str, list[Any]]]:
        groups: dict[str, list[Any]] = {}
        for key, (level, *_rest) in self.parameter_specs.items():
            groups.setdefault(level, []).append(self[key])
        return [(_("%(level)s级指标") % {"level": Level(level).label}, fields) for level, fields in groups.items()]

    def parameter_overrides(self, level: str, ruleset: RuleSet) -> dict[str, Any]:
        """Return the parameters changed from their defaults, for the rules an evaluation of ``level`` runs."""
        declared = {(r.level, r.code): r.parameters for r in ruleset.rules.all()}
        overrides: dict[str, Any] = {}
        for key, (rule_level, code, name, _default, percent) in self.parameter_specs.items():
            if rule_level not in used_levels(level) or key not in self.cleaned_data:
                continue
            spec = (declared.get((rule_level, code)) or {}).get(name)
            if spec is None:
                continue
            value = self.cleaned_data[key]
            if value is None or value == "":
                continue  # left blank: the rule set's own value
            if isinstance(value, Decimal):
                value = value / 100 if percent else value
                value = int(value) if value == value.to_integral_value() and not percent else float(value)
            if value != spec.get("default"):
                overrides[f"{rule_level}.{code}.{name}"] = value
        return overrides

    def clean_region(self) -> Region:
        return visible_region(self.user, self.cleaned_data["region"])

    def clean_overrides(self) -> dict[str, Any]:
        lines = [line for line in self.cleaned_data.get("overrides", "").splitlines() if line.strip()]
        try:
            return services.parameter_overrides_parse(lines)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        region, year, level = data.get("region"), data.get("year"), data.get("level")
        if self.has_error("overrides"):  # a hidden field: its message is shown with the form's
            for message in self.errors.pop("overrides"):
                self.add_error(None, message)
            return data
        if region is None or year is None or level is None:
            return data
        if data.get("ruleset") is None:
            data["ruleset"] = services.ruleset_in_force(year=year, region_code=region.code)
            if data["ruleset"] is None:
                self.add_error("ruleset", _("%(year)d 年没有适用于该地区的规则集，请选择一个。") % {"year": year})
                return data
        data["overrides"] = {**(data.get("overrides") or {}), **self.parameter_overrides(level, data["ruleset"])}
        try:
            services.rules_resolve(ruleset=data["ruleset"], level=level, overrides=data.get("overrides"))
        except RuleError as exc:
            self.add_error(None, str(exc))
            return data
        try:
            evaluation_check(
                user=self.user,
                ruleset=data["ruleset"],
                level=level,
                year=year,
                region=region,
                overrides=data.get("overrides") or {},
                official=bool(data.get("official")),
                engine=data.get("engine") or Engine.DB,
            )
        except (RuleError, PermissionDenied) as exc:
            self.add_error(None, str(exc))
        return data


class CompareForm(forms.Form):
    base = forms.ModelChoiceField(label=gettext_lazy("基准评估"), queryset=None)  # type: ignore[arg-type]
    other = forms.ModelChoiceField(label=gettext_lazy("对比评估"), queryset=None)  # type: ignore[arg-type]
    group = forms.ChoiceField(
        label=gettext_lazy("汇总到"),
        required=False,
        choices=[("village", gettext_lazy("村")), ("township", gettext_lazy("乡镇")), ("county", gettext_lazy("县"))],
    )

    def __init__(self, *args: Any, runs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("base", "other"):
            self.fields[name].queryset = runs
            self.fields[name].label_from_instance = run_label
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        base, other = data.get("base"), data.get("other")
        if base and other:
            if base.level != other.level:
                raise forms.ValidationError(_("只能比较同一层级的评估。"))
            if base.pk == other.pk:
                raise forms.ValidationError(_("请选择两次不同的评估。"))
        return data


def run_label(run: Any) -> str:
    return _("#%(pk)s %(kind)s · %(region)s %(year)s 年%(level)s级 · %(ruleset)s · %(when)s") % {
        "pk": run.pk,
        "kind": run.get_kind_display(),
        "region": run.region.name,
        "year": run.year,
        "level": run.get_level_display(),
        "ruleset": run.ruleset.code,
        "when": formatting.local_datetime(run.created_at),
    }
