{#- The incident facts of each article's latest extractor version (stg_raw__incident_facts, rejected rows
    included), incremental per article: why and how in macros/fact_kinds.sql (latest_version_facts). -#}
{{ latest_version_facts('stg_raw__incident_facts') }}
