"""Two offices paying at the same moment: the project row lock lets only one payment past the rule."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jingzhun.projects import services
from jingzhun.projects.models import Disbursement, Project

D = datetime.date


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT … FOR UPDATE) are PostgreSQL's")
def test_simultaneous_payments_never_exceed_the_allocation(
    project_factory, hanbin_village, city_officer, county_officer
):
    project = project_factory(hanbin_village, budget="1000")
    services.allocation_add(
        user=city_officer, project=project, source="central", amount=Decimal(1000), date=D(2019, 3, 1)
    )
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def pay(user):
        try:
            start.wait()
            services.disbursement_add(
                user=user,
                project=Project.objects.get(pk=project.pk),
                source="central",
                amount=Decimal(400),
                date=D(2019, 4, 1),
                voucher=f"PZ-{threading.get_ident()}",
            )
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(user,)) for user in (city_officer, county_officer) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "paid", "refused", "refused"]
    assert sum(d.amount for d in Disbursement.objects.filter(project=project)) == Decimal(800)
