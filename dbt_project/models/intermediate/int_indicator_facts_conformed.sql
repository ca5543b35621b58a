{#- Clean indicator facts conformed to the taxonomy and to provinces, one row per observation
    (province, indicator, admin level, year, kind, unit) per repost group: the fact's province is
    its own, else its article's; a repost's facts count for the group's canonical article
    (preferring the canonical article's own extraction); the same fact stated twice in one article
    keeps its most confident sentence. The steps all fact kinds share: macros/fact_kinds.sql
    (conformed_facts). -#}

{%- set indicator_columns %}
        facts.indicator_code,
        coalesce(facts.admin_level, 'all') as admin_level,
        facts.also_level,
        facts.year,
        facts.kind,
        coalesce(facts.unit, 'pct') as unit,
        facts.value,
        facts.value_high,
        facts.qualifier,
        facts.numerator,
        facts.denominator
{% endset -%}

{{ conformed_facts(
    reviewed_model='int_indicator_facts_reviewed',
    observation_id='indicator_observation_id',
    kind_columns=indicator_columns,
    observation_key_columns=['province_code', 'indicator_code', 'admin_level', 'year', 'kind', 'unit'],
    value_columns=['value', 'value_high'],
    repost_columns=['repost_article_count', 'repost_source_count', 'repost_article_ids', 'repost_source_ids'],
) }}
