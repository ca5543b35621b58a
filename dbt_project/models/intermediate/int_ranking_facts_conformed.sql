{#- Clean ranking facts conformed to provinces and repost groups, one row per
    (province, ranking, component, year) per repost group (see int_indicator_facts_conformed). -#}
with

facts as (

    select * from {{ ref('int_ranking_facts_reviewed') }}
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
        facts.ranking_code,
        facts.component_code,
        facts.year,
        facts.rank,
        facts.out_of,
        facts.rank_change,
        facts.score,
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
        articles.group_source_count as repost_source_count,
        articles.group_article_ids as repost_article_ids,
        facts.article_id = articles.canonical_article_id as is_from_canonical_article
    from facts
    inner join articles on facts.article_id = articles.article_id
    where facts.fact_province_code is not null or not articles.canonical_has_unknown_province

),

keyed as (

    select
        {{ surrogate_key(['province_code', 'ranking_code', 'component_code', 'year']) }} as observation_key,
        conformed.*
    from conformed

),

values_in_article as (

    -- the same key stated with different values within one article (or its reposts) is a conflict too
    select observation_key, article_id, count(distinct value_signature) as article_value_count
    from (select observation_key, article_id, {{ surrogate_key(['rank', 'out_of']) }} as value_signature from keyed) as signed
    group by observation_key, article_id

),

ranked as (

    select
        {{ surrogate_key(['keyed.observation_key', 'keyed.article_id']) }} as ranking_observation_id,
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
