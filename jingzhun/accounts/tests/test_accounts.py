"""Login, throttling, roles and the production settings."""

import secrets
import subprocess
import sys

import pytest
from django.db import IntegrityError
from django.urls import reverse

from jingzhun.accounts.models import User

pytestmark = pytest.mark.django_db


def test_pages_require_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_page_is_in_chinese(client):
    assert "登录" in client.get(reverse("login")).content.decode()


def test_repeated_failed_logins_lock_the_account(client, county_officer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "hanbin", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "hanbin", "password": "Jz-test-password-1"})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_a_user_other_than_admin_must_have_a_region():
    with pytest.raises(IntegrityError):
        User.objects.create(username="nowhere", role="county")


def test_production_settings_pass_the_deploy_check():
    env = {
        "JINGZHUN_SECRET_KEY": secrets.token_urlsafe(50),
        "JINGZHUN_ALLOWED_HOSTS": "jingzhun.example.gov.cn",
        "PATH": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = subprocess.run([sys.executable, "manage.py", "check"], env={"PATH": ""}, capture_output=True, text=True)
    assert result.returncode != 0 and "JINGZHUN_SECRET_KEY" in result.stderr
