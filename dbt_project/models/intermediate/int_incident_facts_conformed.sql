{#- Clean incident facts conformed to provinces and repost groups, one row per
    (province, incident type, period, target, unit) per repost group; national figures keep a
    null province (see int_indicator_facts_conformed). The steps all fact kinds share:
    macros/fact_kinds.sql (conformed_facts). -#}

{%- set incident_columns %}
        facts.incident_type,
        facts.period_start,
        facts.period_end,
        facts.target,
        facts.unit,
        facts.qualifier,
        facts.incident_count
{% endset -%}

{{ conformed_facts(
    reviewed_model='int_incident_facts_reviewed',
    observation_id='security_incident_id',
    kind_columns=incident_columns,
    observation_key_columns=['province_code', 'incident_type', 'period_start', 'period_end', 'target', 'unit'],
    value_columns=['incident_count'],
    repost_columns=['repost_source_count', 'repost_article_ids'],
) }}
