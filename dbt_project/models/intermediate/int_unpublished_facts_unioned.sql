{#- The clean facts below the publish threshold that nobody has reviewed yet, of the three kinds in
    one shape: one row per extracted entry (fact_id) of each article's latest extractor version
    (accepted and corrected ones are published, rejected ones neither: docs/review.md). The complement of the
    conformed models' filter (macros/publish_threshold.sql): a clean fact is either published or
    here, never both, never neither. Rejected facts, and facts whose province cannot be placed,
    stay in quality.quarantine_* (they block or are kept out for a reason, not for confidence).
    Reposts are not folded: each entry keeps the article its sentence and offsets come from. -#}
with

indicators as (

    select * from {{ ref('int_indicator_facts_reviewed') }}
    where rejection_reason is null and {{ is_awaiting_review('review_status', 'confidence') }}

),

rankings as (

    select * from {{ ref('int_ranking_facts_reviewed') }}
    where rejection_reason is null and {{ is_awaiting_review('review_status', 'confidence') }}

),

incidents as (

    select * from {{ ref('int_incident_facts_reviewed') }}
    where rejection_reason is null and {{ is_awaiting_review('review_status', 'confidence') }}

),

unioned as (

    select
        'indicator' as fact_type, fact_id, entry_key, article_id, fact_province_code,
        indicator_code as fact_code, cast(null as {{ dbt.type_string() }}) as component_code,
        kind, year, admin_level,
        value, value_high, unit, cast(null as integer) as out_of,
        cast(null as date) as period_start, cast(null as date) as period_end,
        sentence, char_start, char_end, confidence, uncertainty, extractor_version, extracted_at
    from indicators

    union all

    select
        'ranking' as fact_type, fact_id, entry_key, article_id, fact_province_code,
        ranking_code as fact_code, component_code,
        cast(null as {{ dbt.type_string() }}) as kind, year, cast(null as {{ dbt.type_string() }}) as admin_level,
        cast(rank as double precision) as value, cast(null as double precision) as value_high, 'rank' as unit, out_of,
        cast(null as date) as period_start, cast(null as date) as period_end,
        sentence, char_start, char_end, confidence, uncertainty, extractor_version, extracted_at
    from rankings

    union all

    select
        'incident' as fact_type, fact_id, entry_key, article_id, fact_province_code,
        incident_type as fact_code, cast(null as {{ dbt.type_string() }}) as component_code,
        cast(null as {{ dbt.type_string() }}) as kind, cast(extract(year from period_start) as integer) as year,
        cast(null as {{ dbt.type_string() }}) as admin_level,
        cast(incident_count as double precision) as value, cast(null as double precision) as value_high, unit,
        cast(null as integer) as out_of,
        cast(period_start as date) as period_start, cast(period_end as date) as period_end,
        sentence, char_start, char_end, confidence, uncertainty, extractor_version, extracted_at
    from incidents

),

articles as (

    select * from {{ ref('int_articles_reposts_grouped') }}

)

select
    unioned.fact_type,
    unioned.fact_id,
    unioned.entry_key,
    unioned.article_id,
    articles.canonical_article_id,
    -- the province the fact would be published under (see int_indicator_facts_conformed)
    coalesce(unioned.fact_province_code, articles.canonical_province_code) as province_code,
    unioned.fact_code,
    unioned.component_code,
    unioned.kind,
    unioned.year,
    unioned.admin_level,
    unioned.value,
    unioned.value_high,
    unioned.unit,
    unioned.out_of,
    unioned.period_start,
    unioned.period_end,
    unioned.sentence,
    unioned.char_start,
    unioned.char_end,
    unioned.confidence,
    unioned.uncertainty,
    unioned.extractor_version,
    unioned.extracted_at
from unioned
inner join articles on unioned.article_id = articles.article_id
where unioned.fact_province_code is not null or not articles.canonical_has_unknown_province
