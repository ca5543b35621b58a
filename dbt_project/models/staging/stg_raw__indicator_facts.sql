{#- Indicator facts of each article's latest extractor version, typed and checked. Every row is
    kept: rows failing a check carry rejection_reason and go to quality.quarantine_indicator_facts;
    downstream models read only the rows where rejection_reason is null. The steps all fact kinds
    share: macros/fact_kinds.sql (staged_facts). -#}

{%- set indicator_strings %}
        lower(trim(source.indicator)) as indicator_code,
        lower(trim(source.kind)) as kind,
        lower(trim(source.unit)) as unit,
        lower(trim(source.admin_level)) as admin_level,
        lower(trim(source.also_level)) as also_level,
        lower(trim(source.qualifier)) as qualifier
{% endset -%}

{%- set indicator_numerics %}
        cast(source.value as double precision) as value,
        cast(source.value_high as double precision) as value_high,
        cast(source.numerator as double precision) as numerator,
        cast(source.denominator as double precision) as denominator,
        cast(source.year as integer) as year
{% endset -%}

{%- set taxonomy_joins %}
    left join {{ ref('ref_indicators') }} as indicators
        on renamed.indicator_code = indicators.indicator_code
    left join {{ ref('ref_fact_kinds') }} as kinds
        on renamed.kind = kinds.kind
    left join {{ ref('ref_admin_levels') }} as admin_levels
        on renamed.admin_level = admin_levels.admin_level
{% endset -%}

{{ staged_facts(
    raw_table='indicator_facts',
    kind_strings=indicator_strings,
    kind_numerics=indicator_numerics,
    kind_checks={
        'unknown indicator code': 'indicators.indicator_code is null',
        'unknown kind': 'kinds.kind is null',
        'unknown admin level': 'renamed.admin_level is not null and admin_levels.admin_level is null',
        'missing value': 'renamed.value is null',
        'pct outside 0..100': "renamed.unit = 'pct' and (renamed.value < 0 or renamed.value > 100 or renamed.value_high > 100)",
        'negative value': "renamed.unit <> 'pct' and renamed.value < 0",
        'range upper bound below value': 'renamed.value_high < renamed.value',
    },
    year_checks={
        'implausible year': 'renamed.year < ' ~ var('min_fact_year') ~ ' or renamed.year > ' ~ var('max_fact_year'),
        'actual in the future': "renamed.kind = 'actual' and renamed.year > extract(year from current_date)",
    },
    taxonomy_joins=taxonomy_joins,
) }}
