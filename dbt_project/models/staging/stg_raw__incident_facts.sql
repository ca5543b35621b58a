{#- Security-incident facts of each article's latest extractor version, typed and checked (see
    stg_raw__indicator_facts for the quarantine convention). The steps all fact kinds share:
    macros/fact_kinds.sql (staged_facts). -#}

{%- set incident_strings %}
        lower(trim(source.incident_type)) as incident_type,
        {{ nfc('source.unit') }} as unit,
        {{ nfc('source.target') }} as target,
        lower(trim(source.qualifier)) as qualifier
{% endset -%}

{%- set incident_numerics %}
        cast(source.count as bigint) as incident_count
{% endset -%}

{%- set incident_dates %}
        source.period_start,
        source.period_end
{% endset -%}

{%- set taxonomy_joins %}
    left join {{ ref('ref_incident_types') }} as incident_types
        on renamed.incident_type = incident_types.incident_type
{% endset -%}

{{ staged_facts(
    raw_table='incident_facts',
    kind_strings=incident_strings,
    kind_numerics=incident_numerics,
    kind_dates=incident_dates,
    kind_checks={
        'unknown incident type': 'incident_types.incident_type is null',
        'missing count': 'renamed.incident_count is null',
        'negative count': 'renamed.incident_count < 0',
        'period ends before it starts': 'renamed.period_end < renamed.period_start',
    },
    year_checks={
        'implausible year': 'extract(year from renamed.period_start) < ' ~ var('min_fact_year') ~ ' or renamed.period_start > current_date',
    },
    taxonomy_joins=taxonomy_joins,
) }}
