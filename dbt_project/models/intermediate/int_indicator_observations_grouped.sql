{#- One row per indicator observation (province × indicator × admin level × year × kind × unit)
    across every article and repost that reported it; see the observation_stats macro. -#}
{{ observation_stats(ref('int_indicator_facts_conformed'), ['conformed.value', 'conformed.value_high']) }}
