{#- One row per ranking observation (province × ranking × component × year) across every article
    and repost that reported it; see the observation_stats macro. -#}
{{ observation_stats(ref('int_ranking_facts_conformed'), ['conformed.rank', 'conformed.out_of']) }}
