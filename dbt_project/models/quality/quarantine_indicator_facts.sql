{#- Indicator facts kept out of the marts, with the reason (macro quarantined_facts). -#}
{{ quarantined_facts('int_indicator_facts_latest_version', [
    'indicator_code', 'kind', 'unit', 'admin_level', 'year', 'fact_province_code', 'value', 'value_high',
]) }}
