{#- Clean indicator facts conformed to the taxonomy and to provinces, one row per observation per
    repost group: the fact's province is its own, else its article's; a repost's facts count for
    the group's canonical article (preferring the canonical article's own extraction); the same
    fact stated twice in one article keeps its most confident sentence. -#}
with

facts as (

    select * from {{ ref('int_indicator_facts_reviewed') }}
    where rejection_reason is null
        -- published facts only: the clean ones below the threshold go to mart_extraction_review,
        -- unless a person accepted or corrected them; rejected ones go nowhere (docs/review.md)
        and {{ is_published_entry('review_status', 'confidence') }}

),

articles as (

    select * from {{ ref('int_articles_reposts_grouped') }}

),

conformed as (

    select
        facts.fact_id,
        articles.canonical_article_id as article_id,
        facts.article_id as extracted_from_article_id,
        articles.canonical_source_id as source_id,
        articles.canonical_published_date as published_date,
        coalesce(facts.fact_province_code, articles.canonical_province_code) as province_code,
        facts.indicator_code,
        coalesce(facts.admin_level, 'all') as admin_level,
        facts.also_level,
        facts.year,
        facts.kind,
        coalesce(facts.unit, 'pct') as unit,
        facts.value,
        facts.value_high,
        facts.qualifier,
        facts.numerator,
        facts.denominator,
        facts.confidence,
        facts.uncertainty,
        facts.sentence,
        facts.char_start,
        facts.char_end,
        facts.extractor_version,
        facts.capture_timestamp,
        facts.capture_url,
        facts.extracted_at,
        facts.entry_key,
        facts.review_status,
        facts.original_value,
        facts.reviewed_by,
        facts.reviewed_at,
        facts.review_reason,
        articles.group_article_count as repost_article_count,
        articles.group_source_count as repost_source_count,
        articles.group_article_ids as repost_article_ids,
        articles.group_source_ids as repost_source_ids,
        facts.article_id = articles.canonical_article_id as is_from_canonical_article
    from facts
    inner join articles on facts.article_id = articles.article_id
    where facts.fact_province_code is not null or not articles.canonical_has_unknown_province

),

keyed as (

    select
        {{ surrogate_key(['province_code', 'indicator_code', 'admin_level', 'year', 'kind', 'unit']) }} as observation_key,
        conformed.*
    from conformed

),

values_in_article as (

    -- the same key stated with different values within one article (or its reposts) is a conflict too
    select observation_key, article_id, count(distinct value_signature) as article_value_count
    from (select observation_key, article_id, {{ surrogate_key(['value', 'value_high']) }} as value_signature from keyed) as signed
    group by observation_key, article_id

),

ranked as (

    select
        {{ surrogate_key(['keyed.observation_key', 'keyed.article_id']) }} as indicator_observation_id,
        keyed.*,
        values_in_article.article_value_count,
        row_number() over (
            partition by keyed.observation_key, keyed.article_id
            -- a person's decision first, then the canonical article's own extraction
            order by case when keyed.review_status = 'machine' then 1 else 0 end, keyed.is_from_canonical_article desc, keyed.confidence desc nulls last, keyed.char_start, keyed.fact_id
        ) as position_in_article
    from keyed
    inner join values_in_article
        on keyed.observation_key = values_in_article.observation_key
        and keyed.article_id = values_in_article.article_id

)

select * from ranked where position_in_article = 1
