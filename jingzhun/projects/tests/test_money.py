"""Money rules: allocations within the budget, disbursements within allocations; gap and execution figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jingzhun.projects import funds, services
from jingzhun.projects.models import Allocation, Disbursement, Project

pytestmark = pytest.mark.django_db
D = datetime.date


def allocate(user, project, amount, source="central"):
    return services.allocation_add(
        user=user, project=project, source=source, amount=Decimal(amount), date=D(2019, 3, 1), document_no="安财发1号"
    )


def pay(user, project, amount, source="central"):
    return services.disbursement_add(
        user=user, project=project, source=source, amount=Decimal(amount), date=D(2019, 4, 1), voucher="PZ-1"
    )


def test_allocations_may_reach_the_budget_exactly(project_factory, hanbin_village, city_officer):
    project = project_factory(hanbin_village, budget="100000")
    allocate(city_officer, project, "60000")
    allocate(city_officer, project, "40000", source="county")
    assert services.budget_ceiling(project) == Decimal("100000")


def test_allocation_beyond_the_budget_is_refused_with_a_chinese_message(project_factory, hanbin_village, city_officer):
    project = project_factory(hanbin_village, budget="100000")
    allocate(city_officer, project, "60000")
    with pytest.raises(ValidationError) as error:
        allocate(city_officer, project, "40000.01")
    assert "将超过项目总投资" in str(error.value)
    assert "还可下达 40,000.00 元" in str(error.value)
    assert Allocation.objects.count() == 1


def test_an_approved_budget_change_lifts_the_ceiling_but_a_pending_one_does_not(
    project_factory, hanbin_village, city_officer, county_officer
):
    project = project_factory(hanbin_village, budget="100000")
    allocate(city_officer, project, "100000")
    change = services.budget_change_request(
        user=county_officer, project=project, amount=Decimal("20000"), reason="增加路段"
    )
    with pytest.raises(ValidationError):
        allocate(city_officer, project, "20000")
    with pytest.raises(PermissionDenied):
        services.budget_change_decide(user=county_officer, change=change, approve=True, on=D(2019, 4, 1))
    services.budget_change_decide(user=city_officer, change=change, approve=True, on=D(2019, 4, 1))
    allocate(city_officer, project, "20000")
    with pytest.raises(ValidationError):
        allocate(city_officer, project, "0.01")


def test_disbursement_cannot_exceed_the_allocations_of_its_source(project_factory, hanbin_village, city_officer):
    project = project_factory(hanbin_village, budget="100000")
    allocate(city_officer, project, "50000", source="central")
    allocate(city_officer, project, "30000", source="county")
    pay(city_officer, project, "50000", source="central")
    with pytest.raises(ValidationError) as error:
        pay(city_officer, project, "0.01", source="central")
    assert "将超过已下达的 50,000.00 元" in str(error.value)
    with pytest.raises(ValidationError):
        pay(city_officer, project, "30000.01", source="county")
    with pytest.raises(ValidationError):
        pay(city_officer, project, "1", source="loan")  # nothing allocated from that source
    pay(city_officer, project, "30000", source="county")
    assert Disbursement.objects.filter(project=project).count() == 2


def test_a_sequence_of_small_payments_stops_exactly_at_the_allocation(project_factory, hanbin_village, city_officer):
    project = project_factory(hanbin_village, budget="1000")
    allocate(city_officer, project, "1000")
    accepted = refused = 0
    for _i in range(15):
        try:
            pay(city_officer, project, "70")
            accepted += 1
        except ValidationError:
            refused += 1
    assert (accepted, refused) == (14, 1)
    assert project.disbursements.count() == 14


def test_two_offices_paying_through_stale_project_objects_cannot_overpay(
    project_factory, hanbin_village, city_officer, county_officer
):
    project = project_factory(hanbin_village, budget="1000")
    allocate(city_officer, project, "1000")
    seen_by_city = Project.objects.get(pk=project.pk)
    seen_by_county = Project.objects.get(pk=project.pk)
    pay(city_officer, seen_by_city, "600")
    with pytest.raises(ValidationError):
        pay(county_officer, seen_by_county, "600")


def test_read_only_inspector_may_not_allocate_or_pay(project_factory, hanbin_village, city_officer, inspector):
    project = project_factory(hanbin_village, budget="1000")
    with pytest.raises(PermissionDenied):
        allocate(inspector, project, "10")
    allocate(city_officer, project, "10")
    with pytest.raises(PermissionDenied):
        pay(inspector, project, "10")


def test_officer_of_another_county_may_not_pay_for_a_project_outside_it(
    project_factory, hanbin_village, city_officer, outsider
):
    project = project_factory(hanbin_village, budget="1000")
    allocate(city_officer, project, "1000")
    with pytest.raises(PermissionDenied):
        pay(outsider, project, "10")


def test_budget_cannot_be_lowered_below_what_was_allocated(project_factory, hanbin_village, city_officer):
    project = project_factory(hanbin_village, budget="1000")
    allocate(city_officer, project, "800")
    project.budget = Decimal("700")
    with pytest.raises(ValidationError):
        services.project_save(user=city_officer, project=project)


def test_gap_and_execution_figures_per_project_county_and_source(
    project_factory, hanbin_village, hanyin_village, city_officer
):
    a = project_factory(hanbin_village, budget="1000")
    b = project_factory(hanbin_village, budget="500")
    c = project_factory(hanyin_village, budget="2000")
    allocate(city_officer, a, "600", source="central")
    allocate(city_officer, a, "400", source="county")  # fully funded
    allocate(city_officer, b, "200", source="central")  # gap 300
    allocate(city_officer, c, "500", source="central")  # gap 1500
    pay(city_officer, a, "300", source="central")
    pay(city_officer, b, "200", source="central")
    services.disbursement_add(
        user=city_officer, project=c, source="central", amount=Decimal("100"), date=D(2019, 5, 20), voucher="PZ"
    )

    projects = Project.objects.all()
    total = funds.fund_total(projects)
    assert (total.budget, total.allocated, total.disbursed, total.gap) == (3500, 1700, 600, 1800)
    assert total.execution == Decimal(600) / Decimal(1700)

    by_county = {line.key: line for line in funds.fund_by_county(projects)}
    assert by_county["610902"].label == "汉滨区"
    assert (by_county["610902"].gap, by_county["610902"].allocated, by_county["610902"].disbursed) == (300, 1200, 500)
    assert by_county["610921"].gap == 1500
    assert by_county["610921"].execution == Decimal("0.2")

    by_source = {line.key: line for line in funds.fund_by_source(projects)}
    assert (by_source["central"].allocated, by_source["central"].disbursed) == (1300, 600)
    assert (by_source["county"].allocated, by_source["county"].disbursed, by_source["county"].execution) == (400, 0, 0)

    months = funds.fund_by_month(projects)
    assert [m.month for m in months] == ["2019-03", "2019-04", "2019-05"]
    assert months[1].disbursed == 500
    assert months[2].execution == Decimal(600) / Decimal(1700)


def test_an_over_funded_project_does_not_fill_another_projects_gap(project_factory, hanbin_village, city_officer):
    a = project_factory(hanbin_village, budget="1000")
    b = project_factory(hanbin_village, budget="1000")
    allocate(city_officer, a, "1000")
    change = services.budget_change_request(user=city_officer, project=a, amount=Decimal("500"), reason="追加")
    from conftest import make_user

    approver = make_user("boss", "city", "610900000000")
    services.budget_change_decide(user=approver, change=change, approve=True, on=D(2019, 4, 1))
    allocate(city_officer, a, "500")  # a: allocated 1500 over a budget of 1000
    total = funds.fund_total(Project.objects.filter(pk__in=[a.pk, b.pk]))
    assert total.gap == 1000
