{#- The clean facts below the publish threshold that nobody has reviewed yet, of the three kinds in
    one shape: one row per extracted entry (fact_id) of each article's latest extractor version
    (accepted and corrected ones are published, rejected ones neither: docs/review.md). The complement of the
    conformed models' filter (macros/publish_threshold.sql): a clean fact is either published or
    here, never both, never neither. Rejected facts, and facts whose province cannot be placed,
    stay in quality.quarantine_* (they block or are kept out for a reason, not for confidence).
    Reposts are not folded: each entry keeps the article its sentence and offsets come from.
    The review queue's shape: macros/fact_kinds.sql (review_entry_columns). -#}
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

    select 'indicator' as fact_type, fact_id, entry_key, article_id, fact_province_code, {{ review_entry_columns('indicator', none) }}
    from indicators

    union all

    select 'ranking' as fact_type, fact_id, entry_key, article_id, fact_province_code, {{ review_entry_columns('ranking', none) }}
    from rankings

    union all

    select 'incident' as fact_type, fact_id, entry_key, article_id, fact_province_code, {{ review_entry_columns('incident', none) }}
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
