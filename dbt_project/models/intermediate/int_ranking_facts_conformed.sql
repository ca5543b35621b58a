{#- Clean ranking facts conformed to provinces and repost groups, one row per
    (province, ranking, component, year) per repost group (see int_indicator_facts_conformed).
    The steps all fact kinds share: macros/fact_kinds.sql (conformed_facts). -#}

{%- set ranking_columns %}
        facts.ranking_code,
        facts.component_code,
        facts.year,
        facts.rank,
        facts.out_of,
        facts.rank_change,
        facts.score,
        facts.score_scale
{% endset -%}

{{ conformed_facts(
    reviewed_model='int_ranking_facts_reviewed',
    observation_id='ranking_observation_id',
    kind_columns=ranking_columns,
    observation_key_columns=['province_code', 'ranking_code', 'component_code', 'year'],
    value_columns=['rank', 'out_of'],
    repost_columns=['repost_source_count', 'repost_article_ids'],
) }}
