"""The city office configures the yearly milestone template in the admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_lists_the_milestone_template_and_projects(client_for, admin_user, project_factory, hanbin_village):
    from jingzhun.projects import services

    services.milestone_template_ensure(year=2019)
    project_factory(hanbin_village)
    client = client_for(admin_user)
    response = client.get(reverse("admin:projects_milestonetemplate_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 4
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 200
