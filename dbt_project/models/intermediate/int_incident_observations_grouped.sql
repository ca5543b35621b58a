{#- One row per incident observation (province × type × period × target × unit) across every
    article and repost that reported it; see the observation_stats macro. -#}
{{ observation_stats(ref('int_incident_facts_conformed'), ['conformed.incident_count']) }}
