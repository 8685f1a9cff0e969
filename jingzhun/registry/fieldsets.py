"""The editable fields of the registry, in display order: one list for the forms, the
spreadsheet import and export (codes and the household's village are handled apart)."""

HOUSEHOLD_FIELDS = (
    "attribute",
    "status",
    "size",
    "main_cause",
    "other_causes",
    "identification_standard",
    "identification_year",
    "planned_exit_year",
    "exit_year",
    "phone",
    "helper_name",
    "helper_unit",
    "helper_phone",
)

# Kept by the yearly cycle (no form edits them); the spreadsheet carries them so that a
# household off the register (自然减少, 清退) exports and imports whole.
LEFT_FIELDS = ("left_on", "left_reason")

MEMBER_FIELDS = (
    "name",
    "id_number",
    "relation",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "school_status",
    "dropout_reason",
    "health",
    "labour",
    "migrant_months",
    "medical_insurance",
    "serious_illness_insurance",
    "dibao",
    "tekun",
    "deceased",
    "moved_out",
    "phone",
    "bank_name",
    "bank_account",
)

YEAR_FIELDS = (
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "excluded_transfer_income",
    "production_cost",
    "food_clothing_secure",
    "housing_rating",
    "relocated",
    "relocation_moved_in",
    "water_safe",
    "water_quality_ok",
    "water_litres_per_day",
    "water_fetch_minutes",
    "water_guarantee_rate",
    "electricity",
    "assistance_measures",
)
