{#- Ranking facts kept out of the marts, with the reason (macro quarantined_facts). -#}
{{ quarantined_facts('int_ranking_facts_latest_version', [
    'ranking_code', 'component_code', 'year', 'rank', 'out_of', 'fact_province_code', 'score', 'score_scale',
]) }}
