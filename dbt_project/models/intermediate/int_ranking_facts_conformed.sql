{#- Clean ranking facts conformed to provinces and repost groups, one row per
    (province, ranking, component, year) per repost group (see int_indicator_facts_conformed). -#}
with

facts as (

    select * from {{ ref('stg_raw__ranking_facts') }}
    where rejection_reason is null

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
        facts.sentence,
        facts.char_start,
        facts.char_end,
        facts.extractor_version,
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

ranked as (

    select
        {{ surrogate_key(['observation_key', 'article_id']) }} as ranking_observation_id,
        keyed.*,
        row_number() over (
            partition by observation_key, article_id
            order by is_from_canonical_article desc, confidence desc nulls last, char_start, fact_id
        ) as position_in_article
    from keyed

)

select * from ranked where position_in_article = 1
