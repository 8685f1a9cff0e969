import io
from decimal import Decimal

import pytest

from jingzhun.assessments.demo import BAIHE, PINGLI, assessments_demo_generate, demo_extend
from jingzhun.assessments.models import Round
from jingzhun.assessments.reports import ranking_section
from jingzhun.assessments.scoring import ranking_compute

pytestmark = pytest.mark.django_db


def test_demo_holds_three_quarters_with_movement_and_the_word_section_renders():
    import docx

    summary = demo_extend(scale="county", households=2000, seed=2017, year=2019, replace=False)
    assert "考核评估" in summary
    county_rounds = Round.objects.filter(code__endswith="-county", period__startswith="2017Q").order_by("period_end")
    assert [r.period for r in county_rounds] == ["2017Q1", "2017Q2", "2017Q3"]
    q3 = ranking_compute(round=county_rounds[2])
    assert len(q3.lines) == 10
    assert q3.lines[0].code == PINGLI and q3.lines[0].total == Decimal("99.80")
    baihe = q3.line(BAIHE)
    assert baihe.rank == 9 and baihe.rank_without_bonus == 10
    assert any(line.movement for line in q3.lines)
    cities = ranking_compute(round=Round.objects.get(code="DEMO-2017Q3-city"))
    ankang = cities.line("610900000000")
    assert (ankang.previous_rank, ankang.rank) == (1, 4)
    document = docx.Document(io.BytesIO(ranking_section(q3)))
    assert "白河县如果没有" in "\n".join(p.text for p in document.paragraphs)
    assert len(document.tables[0].rows) == 11
    assert len(document.inline_shapes) >= 2  # the charts
    with pytest.raises(ValueError):
        assessments_demo_generate(replace=False)
    assessments_demo_generate(replace=True)
    assert Round.objects.filter(code__startswith="DEMO-").count() == 6
