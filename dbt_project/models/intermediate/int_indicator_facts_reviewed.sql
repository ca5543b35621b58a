{#- The indicator entries of each article's latest extractor version with the analysts' decisions
    applied (docs/review.md), plus the indicator facts they added: one row per entry, keyed by its
    stable entry_key. review_status says what a person decided: machine (nobody yet), accepted,
    rejected, corrected (the decided fields replace the extractor's; original_value keeps what it
    read) or added; superseded marks an extracted entry an analyst had already added by hand.
    The raw extraction is untouched: this model is where decisions meet it, on every build. -#}
with

facts as (

    select facts.*, {{ indicator_entry_key('facts') }} as entry_key
    from {{ ref('int_indicator_facts_latest_version') }} as facts

),

decisions as (

    select * from {{ ref('stg_raw__review_decisions') }}
    where action in ('accept', 'reject', 'correct') and is_effective

),

added as (

    select * from {{ ref('int_review_added_facts') }} where fact_type = 'indicator'

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
        {{ corrected('facts.indicator_code', 'decisions.fact_code') }} as indicator_code,
        facts.kind,
        facts.unit,
        {{ corrected('facts.admin_level', 'decisions.admin_level') }} as admin_level,
        facts.also_level,
        facts.qualifier,
        facts.sentence,
        facts.uncertainty,
        facts.extractor_version,
        facts.capture_timestamp,
        facts.capture_url,
        {{ corrected('facts.value', 'decisions.value') }} as value,
        {{ corrected('facts.value_high', 'decisions.value_high') }} as value_high,
        -- a corrected value no longer comes from the extractor's numerator and denominator
        case when decisions.action = 'correct' and decisions.value is not null then null else facts.numerator end as numerator,
        case when decisions.action = 'correct' and decisions.value is not null then null else facts.denominator end as denominator,
        {{ corrected('facts.year', 'decisions.year') }} as year,
        facts.char_start,
        facts.char_end,
        facts.confidence,
        facts.extracted_at,
        facts.loaded_at,
        facts.rejection_reason,
        {{ review_status_of_entry() }} as review_status,
        case when decisions.action = 'correct' then facts.value end as original_value,
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
        added.fact_code as indicator_code,
        added.kind,
        coalesce(added.unit, 'pct') as unit,
        added.admin_level,
        cast(null as {{ dbt.type_string() }}) as also_level,
        cast(null as {{ dbt.type_string() }}) as qualifier,
        added.sentence,
        cast(null as {{ dbt.type_string() }}) as uncertainty,
        -- read by a person, not an extractor
        'manual' as extractor_version,
        cast(null as timestamp) as capture_timestamp,
        cast(null as {{ dbt.type_string() }}) as capture_url,
        added.value,
        added.value_high,
        cast(null as double precision) as numerator,
        cast(null as double precision) as denominator,
        added.year,
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
