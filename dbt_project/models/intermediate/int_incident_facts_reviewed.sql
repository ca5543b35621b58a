{#- The incident entries of each article's latest extractor version with the analysts' decisions
    applied, plus the incident counts they added (see int_indicator_facts_reviewed; an incident's
    value is its count, original_value the count the extractor read). The steps all fact kinds
    share: macros/fact_kinds.sql (reviewed_facts). -#}

{%- set extracted_subject %} -- noqa: LT02
        {{ corrected('facts.incident_type', 'decisions.fact_code') }} as incident_type,
        facts.unit,
        facts.target,
        facts.qualifier
{% endset -%}

{%- set extracted_measures %} -- noqa: LT02
        {{ corrected('facts.incident_count', 'cast(decisions.value as bigint)') }} as incident_count
{% endset -%}

{%- set extracted_periods %}
        facts.period_start,
        facts.period_end
{% endset -%}

{%- set added_subject %}
        added.fact_code as incident_type,
        added.unit,
        cast(null as {{ dbt.type_string() }}) as target,
        cast(null as {{ dbt.type_string() }}) as qualifier
{% endset -%}

{%- set added_measures %}
        cast(added.value as bigint) as incident_count
{% endset -%}

{%- set added_periods %}
        added.period_start,
        added.period_end
{% endset -%}

{{ reviewed_facts(
    fact_type='incident',
    latest_version_model='int_incident_facts_latest_version',
    entry_key=incident_entry_key('facts'),
    original_value='cast(facts.incident_count as double precision)',
    extracted_subject=extracted_subject,
    extracted_measures=extracted_measures,
    extracted_periods=extracted_periods,
    added_subject=added_subject,
    added_measures=added_measures,
    added_periods=added_periods,
) }}
