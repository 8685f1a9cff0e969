"""Demo accounts: one per role on the Ankang map (安康市), and the table the demo commands print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from jingzhun.accounts.choices import Role, Sector
from jingzhun.accounts.models import User
from jingzhun.regions.models import Region

DEMO_PASSWORD = "Jingzhun-2019"
CITY_CODE = "610900000000"  # 安康市
COUNTY_CODE = "610902000000"  # 汉滨区


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    region_code: str
    region_name: str
    display_name: str
    created: bool


@transaction.atomic
def demo_users_create(*, password: str = DEMO_PASSWORD) -> list[DemoUser]:
    """Create or update one demo account per role on the Ankang map; return them in role order.

    Idempotent: existing accounts get their role, region, names and password reset.
    Raise ValidationError if ``password`` does not pass the password validators.
    """
    if not Region.objects.exists():
        from jingzhun.regions.services import regions_load

        regions_load()
    city = Region.objects.get(code=CITY_CODE)
    county = Region.objects.get(code=COUNTY_CODE)
    # A rural township of 汉滨区 and one of its villages (not a street office or community).
    township = (
        Region.objects.filter(level="township", code__startswith="610902", name__endswith="镇").order_by("code").first()
        or Region.objects.filter(level="township", code__startswith="610902").order_by("code").first()
    )
    assert township is not None, "汉滨区 has townships"
    village = (
        Region.objects.filter(level="village", parent=township, name__endswith="村委会").order_by("code").first()
        or Region.objects.filter(level="village", parent=township).order_by("code").first()
    )
    assert village is not None, "the township has villages"
    specs: list[tuple[str, Role, Region | None, str, str, str]] = [
        ("city", Role.CITY, city, "市指挥部办公室", "安康市脱贫攻坚指挥部办公室", ""),
        ("county", Role.COUNTY, county, "汉滨区脱贫办", "汉滨区脱贫攻坚指挥部办公室", ""),
        ("township", Role.TOWNSHIP, township, f"{township.name}扶贫干部", f"{township.name}人民政府", ""),
        ("village", Role.VILLAGE, village, f"{village.short_name}第一书记", f"{village.short_name}驻村工作队", ""),
        ("sector", Role.SECTOR, city, "市交通运输局", "安康市交通运输局", Sector.TRANSPORT),
        ("helper", Role.HELPING_UNIT, county, "市财政局帮扶干部", "安康市财政局", ""),
        ("coop", Role.COOPERATION, city, "市苏陕协作办", "安康市苏陕扶贫协作办公室", ""),
        ("inspector", Role.INSPECTOR, city, "市脱贫攻坚督查组", "安康市脱贫攻坚督查组", ""),
        ("admin", Role.ADMIN, None, "系统管理员", "安康市脱贫攻坚指挥部办公室", ""),
    ]
    users = []
    for username, role, region, display_name, unit, sector in specs:
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        user.role = role
        user.region = region
        user.first_name = display_name
        user.last_name = ""
        user.unit = unit
        user.sector = sector
        user.is_active = True
        user.is_staff = user.is_superuser = role == Role.ADMIN
        validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        users.append(
            DemoUser(
                username=username,
                role=str(role.label),
                region_code=region.code if region else "",
                region_name=region.name if region else "全部",
                display_name=display_name,
                created=created,
            )
        )
    return users


def write_table(stdout: Any, users: list[DemoUser], password: str) -> None:
    """Print username / role / region / password, one account per line."""
    rows = [("用户名", "角色", "管辖区域", "显示名", "密码")]
    rows += [(u.username, u.role, u.region_name, u.display_name, password) for u in users]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        stdout.write("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    """Return the display width (CJK characters take two columns)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def demo_system_user() -> User:
    """The account the demo's workflow steps are recorded under (saved, since evidence files name their uploader)."""
    user = User.objects.filter(username="system").first()
    if user is None:
        user = User(username="system", role=Role.ADMIN, first_name="系统（演示数据）", is_active=True)
        user.set_unusable_password()
        user.save()
    return user


def demo_evidence(name: str) -> Any:
    """A small PDF file named ``name``: the evidence the demo's workflow steps attach."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 demo evidence", content_type="application/pdf")
