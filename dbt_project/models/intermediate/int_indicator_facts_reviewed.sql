{#- The indicator entries of each article's latest extractor version with the analysts' decisions
    applied (docs/review.md), plus the indicator facts they added: one row per entry, keyed by its
    stable entry_key. review_status says what a person decided: machine (nobody yet), accepted,
    rejected, corrected (the decided fields replace the extractor's; original_value keeps what it
    read) or added; superseded marks an extracted entry an analyst had already added by hand.
    The raw extraction is untouched: this model is where decisions meet it, on every build.
    The steps all fact kinds share: macros/fact_kinds.sql (reviewed_facts). -#}

{%- set extracted_subject %} -- noqa: LT02
        {{ corrected('facts.indicator_code', 'decisions.fact_code') }} as indicator_code,
        facts.kind,
        facts.unit,
        {{ corrected('facts.admin_level', 'decisions.admin_level') }} as admin_level,
        facts.also_level,
        facts.qualifier
{% endset -%}

{%- set extracted_measures %} -- noqa: LT02
        {{ corrected('facts.value', 'decisions.value') }} as value,
        {{ corrected('facts.value_high', 'decisions.value_high') }} as value_high,
        -- a corrected value no longer comes from the extractor's numerator and denominator
        case when decisions.action = 'correct' and decisions.value is not null then null else facts.numerator end as numerator,
        case when decisions.action = 'correct' and decisions.value is not null then null else facts.denominator end as denominator,
        {{ corrected('facts.year', 'decisions.year') }} as year
{% endset -%}

{%- set added_subject %}
        added.fact_code as indicator_code,
        added.kind,
        coalesce(added.unit, 'pct') as unit,
        added.admin_level,
        cast(null as {{ dbt.type_string() }}) as also_level,
        cast(null as {{ dbt.type_string() }}) as qualifier
{% endset -%}

{%- set added_measures %}
        added.value,
        added.value_high,
        cast(null as double precision) as numerator,
        cast(null as double precision) as denominator,
        added.year
{% endset -%}

{{ reviewed_facts(
    fact_type='indicator',
    latest_version_model='int_indicator_facts_latest_version',
    entry_key=indicator_entry_key('facts'),
    original_value='facts.value',
    extracted_subject=extracted_subject,
    extracted_measures=extracted_measures,
    added_subject=added_subject,
    added_measures=added_measures,
) }}
