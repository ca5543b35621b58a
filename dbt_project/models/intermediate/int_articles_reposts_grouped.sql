{#- One row per article, with the repost group it belongs to. Articles sharing a body_sha256 (the
    same text republished on another site, or the same page under two URLs) form one group; its
    canonical article is the first one seen (earliest published, then earliest parsed, then id).
    Facts are counted once per group and keep every source through these columns. -#}
with

articles as (

    select * from {{ ref('int_articles_latest_parse') }}

),

provinces as (

    select province_code from {{ ref('ref_provinces') }}

),

keyed as (

    select
        articles.*,
        provinces.province_code as known_province_code,
        -- a body too short to be an article (a failed extraction, an empty page) shares its hash
        -- with unrelated pages: such an article forms a group of its own
        case
            when
                articles.body_sha256 is not null
                and length(coalesce(articles.body_text, '')) >= {{ var('min_repost_body_chars') }}
                then articles.body_sha256
            else articles.article_id
        end as repost_group_key,
        coalesce(articles.published_date, cast(articles.parsed_at as date)) as seen_date
    from articles
    left join provinces on articles.province_code = provinces.province_code

),

ranked as (

    select
        keyed.*,
        row_number() over (
            partition by repost_group_key
            order by seen_date nulls last, parsed_at nulls last, article_id
        ) as position_in_group
    from keyed

),

canonical as (

    select
        repost_group_key,
        article_id,
        source_id,
        published_date,
        known_province_code,
        province_code as reported_province_code
    from ranked
    where position_in_group = 1

),

group_sources as (

    select distinct
        repost_group_key,
        source_id
    from keyed

),

group_stats as (

    select
        repost_group_key,
        count(*) as group_article_count,
        min(seen_date) as group_first_seen_date,
        max(seen_date) as group_last_seen_date,
        {{ string_agg_ordered('article_id', ',') }} as group_article_ids
    from keyed
    group by repost_group_key

),

group_source_lists as (

    select
        repost_group_key,
        count(*) as group_source_count,
        {{ string_agg_ordered('source_id', ',') }} as group_source_ids
    from group_sources
    group by repost_group_key

)

select
    ranked.article_id,
    ranked.source_id,
    ranked.known_province_code as province_code,
    ranked.province_code as reported_province_code,
    ranked.published_date,
    ranked.seen_date,
    ranked.repost_group_key,
    canonical.article_id as canonical_article_id,
    canonical.source_id as canonical_source_id,
    canonical.published_date as canonical_published_date,
    canonical.known_province_code as canonical_province_code,
    -- the article names a province the reference does not know: its facts without a province of
    -- their own cannot be placed, and are quarantined rather than counted as national
    canonical.reported_province_code is not null and canonical.known_province_code is null as canonical_has_unknown_province,
    ranked.position_in_group > 1 as is_repost,
    group_stats.group_article_count,
    group_source_lists.group_source_count,
    group_stats.group_first_seen_date,
    group_stats.group_last_seen_date,
    group_stats.group_article_ids,
    group_source_lists.group_source_ids
from ranked
inner join canonical on ranked.repost_group_key = canonical.repost_group_key
inner join group_stats on ranked.repost_group_key = group_stats.repost_group_key
inner join group_source_lists on ranked.repost_group_key = group_source_lists.repost_group_key
