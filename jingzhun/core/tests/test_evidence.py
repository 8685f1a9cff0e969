"""Evidence attachments: one validation of uploads, storage outside the web root, scoped download."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jingzhun.core.evidence import attachments_add, attachments_for
from jingzhun.core.models import AuditEvent
from jingzhun.core.uploads import validate_upload

PDF = b"%PDF-1.4\n%minimal\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("会议记录.pdf", PDF, "evidence"),
        ("现场.png", PNG, "photo"),
        ("名单.csv", "户编号\n1\n".encode(), "spreadsheet"),
    ],
)
def test_it_accepts_real_files_of_the_expected_kind(name, content, kind):
    validate_upload(upload(name, content), kind=kind)


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "evidence", "只能是以下格式"),
        ("假装.pdf", b"MZ\x90\x00", "evidence", "内容与扩展名不符"),
        ("照片.pdf", PDF, "photo", "只能是以下格式"),
        ("空.pdf", b"", "evidence", "是空的"),
        ("二进制.csv", b"a,b\x00c", "spreadsheet", "不是文本文件"),
    ],
)
def test_it_refuses_wrong_types_with_a_chinese_message(name, content, kind, message):
    with pytest.raises(ValidationError, match=message):
        validate_upload(upload(name, content), kind=kind)


def test_it_refuses_files_over_the_size_limit(settings):
    settings.JINGZHUN_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError, match="不能超过 1 MB"):
        validate_upload(upload("大.pdf", PDF + b"0" * (1024 * 1024)), kind="evidence")


def test_attachments_are_stored_under_media_root_and_audited(household_factory, hanbin_village, county_officer):
    household = household_factory(hanbin_village)
    files = [upload("评议.pdf", PDF)]
    [attachment] = attachments_add(user=county_officer, owner=household, files=files, label="会议纪要")
    assert attachment.region_code == hanbin_village.code
    assert attachment.file.name.startswith("evidence/registry/Household/")
    assert attachment.sha256 and attachment.size == len(PDF)
    assert list(attachments_for(household)) == [attachment]
    assert AuditEvent.objects.filter(model_label="core.Attachment", root_pk=str(household.pk)).exists()


def test_a_bad_file_among_several_stores_none(household_factory, hanbin_village, county_officer):
    household = household_factory(hanbin_village)
    with pytest.raises(ValidationError):
        attachments_add(user=county_officer, owner=household, files=[upload("a.pdf", PDF), upload("b.pdf", b"xx")])
    assert not attachments_for(household).exists()


def test_download_is_scoped_to_the_owner(household_factory, hanbin_village, county_officer, outsider, client_for):
    household = household_factory(hanbin_village)
    [attachment] = attachments_add(user=county_officer, owner=household, files=[upload("评议.pdf", PDF)])
    url = f"/attachments/{attachment.pk}/"
    response = client_for(county_officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client_for(outsider).get(url).status_code == 404
