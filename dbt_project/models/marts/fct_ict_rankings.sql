{#- Grain: province × ranking × component × year × article (repost groups count once). -#}
with

facts as (

    select * from {{ ref('int_ranking_facts_conformed') }}

),

observations as (

    select * from {{ ref('int_ranking_observations_grouped') }}

),

provinces as (

    select
        province_code,
        province_name
    from {{ ref('dim_province') }}

)

select
    cast(facts.ranking_observation_id as {{ dbt.type_string() }}) as ranking_observation_id,
    cast(facts.observation_key as {{ dbt.type_string() }}) as observation_key,
    cast(facts.province_code as {{ dbt.type_string() }}) as province_code,
    cast(facts.ranking_code as {{ dbt.type_string() }}) as ranking_code,
    cast(facts.component_code as {{ dbt.type_string() }}) as component_code,
    cast(facts.year as integer) as year,
    cast(facts.rank as integer) as rank,
    cast(facts.out_of as integer) as out_of,
    cast(facts.rank_change as integer) as rank_change,
    cast(facts.score as double precision) as score,
    cast(facts.article_id as {{ dbt.type_string() }}) as article_id,
    cast(facts.source_id as {{ dbt.type_string() }}) as source_id,
    cast(facts.published_date as date) as published_date,
    cast(facts.confidence as double precision) as confidence,
    cast(facts.sentence as {{ dbt.type_string() }}) as sentence,
    cast(facts.char_start as integer) as char_start,
    cast(facts.char_end as integer) as char_end,
    cast(facts.extractor_version as {{ dbt.type_string() }}) as extractor_version,
    cast(facts.capture_timestamp as timestamp) as capture_timestamp,
    cast(facts.capture_url as {{ dbt.type_string() }}) as capture_url,
    cast(facts.repost_source_count as bigint) as source_count,
    cast(facts.repost_article_ids as {{ dbt.type_string() }}) as article_ids,
    cast(observations.observation_source_count as bigint) as observation_source_count,
    cast(observations.has_conflicting_values as boolean) as has_conflicting_values,
    -- appended last: the contract's column order is the table's (additive for existing readers)
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name,
    -- the analysts' review (docs/review.md): the entry's stable identity and what a person decided
    cast(facts.entry_key as {{ dbt.type_string() }}) as entry_key,
    cast(facts.review_status as {{ dbt.type_string() }}) as review_status,
    cast(facts.original_value as double precision) as original_value,
    cast(facts.reviewed_by as {{ dbt.type_string() }}) as reviewed_by,
    cast(facts.reviewed_at as timestamp) as reviewed_at,
    cast(facts.review_reason as {{ dbt.type_string() }}) as review_reason,
    -- the score's scale as printed (1, 1000, 240...), and the score on 0..1: articles print scores
    -- on different scales, so only the latter compares across years (appended last, like the above)
    cast(facts.score_scale as double precision) as score_scale,
    cast(facts.score / nullif(facts.score_scale, 0) as double precision) as score_normalised
from facts
inner join observations on facts.observation_key = observations.observation_key
left join provinces on facts.province_code = provinces.province_code
