{#- What waits for an analyst, in one shape: the entries below the publish threshold that nobody
    reviewed (int_unpublished_facts_unioned), and the published entries nobody reviewed whose
    observation is reported with different values (two values for one province, indicator, year:
    by two articles, or twice in one), so a person decides which is right. One row per entry;
    an entry is on one side only (unpublished or published). -#}
with

below_threshold as (

    select
        unpublished.*,
        'below the publish threshold' as queue_reason
    from {{ ref('int_unpublished_facts_unioned') }} as unpublished

),

conflicts as (

    select
        'indicator' as fact_type, facts.fact_id, facts.entry_key, facts.extracted_from_article_id as article_id,
        facts.article_id as canonical_article_id, facts.province_code, facts.indicator_code as fact_code,
        cast(null as {{ dbt.type_string() }}) as component_code, facts.kind, facts.year, facts.admin_level,
        facts.value, facts.value_high, facts.unit, cast(null as integer) as out_of,
        cast(null as date) as period_start, cast(null as date) as period_end,
        facts.sentence, facts.char_start, facts.char_end, facts.confidence, facts.uncertainty,
        facts.extractor_version, facts.extracted_at
    from {{ ref('int_indicator_facts_conformed') }} as facts
    inner join {{ ref('int_indicator_observations_grouped') }} as observations
        on facts.observation_key = observations.observation_key
    where observations.has_conflicting_values and facts.review_status = 'machine'

    union all

    select
        'ranking', facts.fact_id, facts.entry_key, facts.extracted_from_article_id,
        facts.article_id, facts.province_code, facts.ranking_code,
        facts.component_code, cast(null as {{ dbt.type_string() }}), facts.year, cast(null as {{ dbt.type_string() }}),
        cast(facts.rank as double precision), cast(null as double precision), 'rank', facts.out_of,
        cast(null as date), cast(null as date),
        facts.sentence, facts.char_start, facts.char_end, facts.confidence, facts.uncertainty,
        facts.extractor_version, facts.extracted_at
    from {{ ref('int_ranking_facts_conformed') }} as facts
    inner join {{ ref('int_ranking_observations_grouped') }} as observations
        on facts.observation_key = observations.observation_key
    where observations.has_conflicting_values and facts.review_status = 'machine'

    union all

    select
        'incident', facts.fact_id, facts.entry_key, facts.extracted_from_article_id,
        facts.article_id, facts.province_code, facts.incident_type,
        cast(null as {{ dbt.type_string() }}), cast(null as {{ dbt.type_string() }}),
        cast(extract(year from facts.period_start) as integer), cast(null as {{ dbt.type_string() }}),
        cast(facts.incident_count as double precision), cast(null as double precision), facts.unit, cast(null as integer),
        cast(facts.period_start as date), cast(facts.period_end as date),
        facts.sentence, facts.char_start, facts.char_end, facts.confidence, facts.uncertainty,
        facts.extractor_version, facts.extracted_at
    from {{ ref('int_incident_facts_conformed') }} as facts
    inner join {{ ref('int_incident_observations_grouped') }} as observations
        on facts.observation_key = observations.observation_key
    where observations.has_conflicting_values and facts.review_status = 'machine'

)

select * from below_threshold
union all
select conflicts.*, 'conflicts with another report' as queue_reason from conflicts
