{#- Incident facts kept out of the marts, with the reason (macro quarantined_facts). -#}
{{ quarantined_facts('int_incident_facts_latest_version', [
    'incident_type', 'incident_count', 'period_start', 'period_end', 'fact_province_code',
]) }}
