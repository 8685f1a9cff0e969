"""The command centre's kept bulletins in the every-URL × every-persona matrix."""

import datetime

from django.core.files.base import ContentFile

from conftest import HANBIN


def world_extend(world, personas):
    from jingzhun.dashboards.models import Bulletin

    bulletin = Bulletin(region_id=HANBIN, month=datetime.date(2019, 7, 1), preface="现通报如下。", closing="特此通报。")
    bulletin.file.save("月通报.docx", ContentFile(b"PK\x03\x04"), save=False)
    bulletin.sha256 = "0" * 64
    bulletin.save()
    return {"bulletin": bulletin}


SAMPLES = [(r"^command/bulletin/<int:pk>/", lambda w: {"pk": w["bulletin"].pk}, "county")]
