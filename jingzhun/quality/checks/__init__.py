"""The catalogue of data-quality checks (数据质量检查项).

Each check is data (stable code, Chinese title, category, severity, explanation, how to
fix) plus one set-based query: given the region prefix and the year it returns the
offending households or members as a queryset annotated with ``q_message``. A run turns
every query's rows into one bulk write of the staging table, never a loop over households or members.

One module per section of the catalogue (identity, duplicates, households, causes, welfare,
income, education, exits, departures, assistance, lists; ``base`` holds the context, the
check record and the registry). Importing this package registers every check;
``catalogue()`` returns them by category and code.
"""

from jingzhun.quality.checks.assistance import helper_is_poor, no_helper
from jingzhun.quality.checks.base import (
    ABLE,
    CATALOGUE,
    CHILDREN,
    DISABLED,
    PARENTS,
    SICK,
    STUDENTS,
    Check,
    CheckContext,
    CheckUnavailable,
    Query,
    catalogue,
    check,
    parameters,
)
from jingzhun.quality.checks.causes import cause_disability, cause_education, cause_illness, cause_labour
from jingzhun.quality.checks.departures import deceased_counted, moved_out_counted
from jingzhun.quality.checks.duplicates import dup_household, dup_in_county, dup_in_household, dup_other_county
from jingzhun.quality.checks.education import dropout, no_medical_insurance, school_age_unknown, school_grade_age
from jingzhun.quality.checks.exits import (
    exited_below_line,
    exited_failing_evaluation,
    exited_in_identification_year,
    exited_year_below_line,
    poverty_line,
)
from jingzhun.quality.checks.households import (
    child_older,
    head_spouse_same_sex,
    no_head,
    no_living,
    parent_younger,
    size_mismatch,
    two_heads,
)
from jingzhun.quality.checks.identity import id_birth, id_checksum, id_excel, id_format, id_legacy, id_sex
from jingzhun.quality.checks.income import (
    business_no_cost,
    income_implausible,
    migrant_months,
    missing_year,
    wages_no_migrant,
)
from jingzhun.quality.checks.lists import (
    KIND_CHECKS,
    compare_businesses,
    compare_deaths,
    compare_dibao,
    compare_houses,
    compare_medical,
    compare_payroll,
    compare_student_aid,
    compare_tekun,
    compare_vehicles,
)
from jingzhun.quality.checks.welfare import (
    dibao_member_household,
    dibao_without_member,
    tekun_member_household,
    tekun_with_worker,
)

__all__ = [
    "ABLE",
    "CATALOGUE",
    "CHILDREN",
    "DISABLED",
    "KIND_CHECKS",
    "PARENTS",
    "SICK",
    "STUDENTS",
    "Check",
    "CheckContext",
    "CheckUnavailable",
    "Query",
    "business_no_cost",
    "catalogue",
    "cause_disability",
    "cause_education",
    "cause_illness",
    "cause_labour",
    "check",
    "child_older",
    "compare_businesses",
    "compare_deaths",
    "compare_dibao",
    "compare_houses",
    "compare_medical",
    "compare_payroll",
    "compare_student_aid",
    "compare_tekun",
    "compare_vehicles",
    "deceased_counted",
    "dibao_member_household",
    "dibao_without_member",
    "dropout",
    "dup_household",
    "dup_in_county",
    "dup_in_household",
    "dup_other_county",
    "exited_below_line",
    "exited_failing_evaluation",
    "exited_in_identification_year",
    "exited_year_below_line",
    "head_spouse_same_sex",
    "helper_is_poor",
    "id_birth",
    "id_checksum",
    "id_excel",
    "id_format",
    "id_legacy",
    "id_sex",
    "income_implausible",
    "migrant_months",
    "missing_year",
    "moved_out_counted",
    "no_head",
    "no_helper",
    "no_living",
    "no_medical_insurance",
    "parameters",
    "parent_younger",
    "poverty_line",
    "school_age_unknown",
    "school_grade_age",
    "size_mismatch",
    "tekun_member_household",
    "tekun_with_worker",
    "two_heads",
    "wages_no_migrant",
]
