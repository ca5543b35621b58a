{#- The ranking entries of each article's latest extractor version with the analysts' decisions
    applied, plus the rankings they added (see int_indicator_facts_reviewed; a ranking's value is
    its rank, original_value the rank the extractor read). -#}
with

facts as (

    select facts.*, {{ ranking_entry_key('facts') }} as entry_key
    from {{ ref('int_ranking_facts_latest_version') }} as facts

),

decisions as (

    select * from {{ ref('stg_raw__review_decisions') }}
    where action in ('accept', 'reject', 'correct') and is_effective

),

added as (

    select * from {{ ref('int_review_added_facts') }} where fact_type = 'ranking'

),

added_keys as (

    select distinct entry_key from added where rejection_reason is null

),

extracted as (

    select
        facts.fact_id,
        facts.entry_key,
        facts.article_id,
        {{ corrected('facts.fact_province_code', 'decisions.province_code') }} as fact_province_code,
        facts.run_id,
        {{ corrected('facts.ranking_code', 'decisions.fact_code') }} as ranking_code,
        {{ corrected('facts.component_code', 'decisions.component_code') }} as component_code,
        facts.sentence,
        facts.uncertainty,
        facts.extractor_version,
        facts.capture_timestamp,
        facts.capture_url,
        {{ corrected('facts.rank', 'cast(decisions.value as integer)') }} as rank,
        {{ corrected('facts.out_of', 'decisions.out_of') }} as out_of,
        {{ corrected('facts.year', 'decisions.year') }} as year,
        facts.rank_change,
        facts.score,
        facts.char_start,
        facts.char_end,
        facts.confidence,
        facts.extracted_at,
        facts.loaded_at,
        facts.rejection_reason,
        {{ review_status_of_entry() }} as review_status,
        case when decisions.action = 'correct' then cast(facts.rank as double precision) end as original_value,
        decisions.decision_id,
        decisions.reviewer as reviewed_by,
        decisions.decided_at as reviewed_at,
        decisions.reason as review_reason
    from facts
    left join decisions on facts.entry_key = decisions.entry_key
    left join added_keys on facts.entry_key = added_keys.entry_key

),

added_facts as (

    select
        added.decision_id as fact_id,
        added.entry_key,
        added.article_id,
        added.fact_province_code,
        cast(null as {{ dbt.type_string() }}) as run_id,
        added.fact_code as ranking_code,
        added.component_code,
        added.sentence,
        cast(null as {{ dbt.type_string() }}) as uncertainty,
        'manual' as extractor_version,
        cast(null as timestamp) as capture_timestamp,
        cast(null as {{ dbt.type_string() }}) as capture_url,
        cast(added.value as integer) as rank,
        added.out_of,
        added.year,
        cast(null as integer) as rank_change,
        cast(null as double precision) as score,
        added.char_start,
        added.char_end,
        cast(null as double precision) as confidence,
        added.decided_at as extracted_at,
        added.loaded_at,
        added.rejection_reason,
        'added' as review_status,
        cast(null as double precision) as original_value,
        added.decision_id,
        added.reviewer as reviewed_by,
        added.decided_at as reviewed_at,
        added.reason as review_reason
    from added

)

select * from extracted
union all
select * from added_facts
