"""Forms of the core pages, and the base of ledger edit forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.filters import bind_user, style_widgets
from jingzhun.core.ledger import is_versioned
from jingzhun.core.models import PARAMETER_YEAR_VALIDATORS


class ParameterForm(forms.Form):
    """A new value of one business parameter; ``parameter_set`` checks it against the declaration."""

    value = forms.CharField(label=_("取值"), max_length=200)
    year_from = forms.IntegerField(label=_("起始年度"), validators=PARAMETER_YEAR_VALIDATORS)
    year_to = forms.IntegerField(
        label=_("截止年度"), required=False, validators=PARAMETER_YEAR_VALIDATORS, help_text=_("留空为长期有效。")
    )
    region = forms.CharField(
        label=_("适用地区代码"),
        max_length=12,
        required=False,
        help_text=_("区划代码或其前缀，如 6109 为安康市；留空为全部地区。"),
    )
    source = forms.CharField(label=_("依据"), max_length=300, help_text=_("文件名称与文号，或会议纪要。"))
    reason = forms.CharField(label=_("修改原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, example: str = "", multiline: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if multiline:
            self.fields["value"] = forms.CharField(
                label=_("取值"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
            )
        if example:
            self.fields["value"].help_text = _("例如：%(example)s") % {"example": example}
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_to < year_from:
            self.add_error("year_to", _("截止年度不能早于起始年度。"))
        return data


class ParameterDeleteForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=500)


class LedgerForm(forms.ModelForm):
    """Base of ledger edit forms: the version the user saw (hidden), a reason for changes, styled widgets.

    ``LedgerEditView`` passes ``user=`` so that widgets showing the user's scope (the region
    picker) can bind to it, and saves through ``core.services.ledger_save``.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("修改原因"), max_length=500, required=False)

    # Whether a change (not a creation) must give a reason.
    reason_required = False

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is None:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = self.reason_required
        if is_versioned(type(self.instance)):
            self.fields["version"].initial = getattr(self.instance, "version", None)
        else:
            del self.fields["version"]
        style_widgets(self, small=False)
        bind_user(self, user)
