{#- Grain: province × indicator × admin level × year × kind × unit × article (a repost group counts
    as one article: its canonical one). Every row carries its evidence sentence and the
    observation-level view: how many sources and articles reported the same key and whether
    they disagree. -#}
with

facts as (

    select * from {{ ref('int_indicator_facts_conformed') }}

),

observations as (

    select * from {{ ref('int_indicator_observations_grouped') }}

)

select
    cast(facts.indicator_observation_id as {{ dbt.type_string() }}) as indicator_observation_id,
    cast(facts.observation_key as {{ dbt.type_string() }}) as observation_key,
    cast(facts.province_code as {{ dbt.type_string() }}) as province_code,
    cast(facts.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(facts.admin_level as {{ dbt.type_string() }}) as admin_level,
    cast(facts.also_level as {{ dbt.type_string() }}) as also_level,
    cast(facts.year as integer) as year,
    cast(facts.kind as {{ dbt.type_string() }}) as kind,
    cast(facts.article_id as {{ dbt.type_string() }}) as article_id,
    cast(facts.source_id as {{ dbt.type_string() }}) as source_id,
    cast(facts.published_date as date) as published_date,
    cast(facts.value as double precision) as value,
    cast(facts.value_high as double precision) as value_high,
    cast(facts.unit as {{ dbt.type_string() }}) as unit,
    cast(facts.qualifier as {{ dbt.type_string() }}) as qualifier,
    cast(facts.numerator as double precision) as numerator,
    cast(facts.denominator as double precision) as denominator,
    cast(facts.confidence as double precision) as confidence,
    cast(facts.sentence as {{ dbt.type_string() }}) as sentence,
    cast(facts.char_start as integer) as char_start,
    cast(facts.char_end as integer) as char_end,
    cast(facts.extractor_version as {{ dbt.type_string() }}) as extractor_version,
    cast(facts.capture_timestamp as timestamp) as capture_timestamp,
    cast(facts.capture_url as {{ dbt.type_string() }}) as capture_url,
    cast(facts.repost_source_count as bigint) as source_count,
    cast(facts.repost_article_ids as {{ dbt.type_string() }}) as article_ids,
    cast(facts.repost_source_ids as {{ dbt.type_string() }}) as source_ids,
    cast(observations.observation_article_count as bigint) as observation_article_count,
    cast(observations.observation_source_count as bigint) as observation_source_count,
    cast(observations.observation_first_seen_date as date) as first_seen_date,
    cast(observations.observation_last_seen_date as date) as last_seen_date,
    cast(observations.has_conflicting_values as boolean) as has_conflicting_values,
    -- the analysts' review (docs/review.md): the entry's stable identity and what a person decided
    cast(facts.entry_key as {{ dbt.type_string() }}) as entry_key,
    cast(facts.review_status as {{ dbt.type_string() }}) as review_status,
    cast(facts.original_value as double precision) as original_value,
    cast(facts.reviewed_by as {{ dbt.type_string() }}) as reviewed_by,
    cast(facts.reviewed_at as timestamp) as reviewed_at,
    cast(facts.review_reason as {{ dbt.type_string() }}) as review_reason
from facts
inner join observations on facts.observation_key = observations.observation_key
