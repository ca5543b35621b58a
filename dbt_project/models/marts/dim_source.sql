with

sources as (

    select * from {{ ref('ref_sources') }}

),

provinces as (

    select * from {{ ref('ref_provinces') }}

),

articles as (

    select
        source_id,
        count(*) as article_count,
        min(published_date) as first_published_date,
        max(published_date) as last_published_date
    from {{ ref('int_articles_latest_parse') }}
    group by source_id

),

crawls as (

    select
        source_id,
        cast(min(requested_at) as date) as first_crawled_date
    from {{ ref('stg_raw__fetches') }}
    group by source_id

),

freshness as (

    select
        sources.source_id,
        articles.last_published_date,
        crawls.first_crawled_date,
        sources.expected_publish_interval_days
    from sources
    left join articles on sources.source_id = articles.source_id
    left join crawls on sources.source_id = crawls.source_id

)

select
    cast(sources.source_id as {{ dbt.type_string() }}) as source_id,
    cast(sources.source_name_en as {{ dbt.type_string() }}) as source_name_en,
    cast(sources.source_name_vi as {{ dbt.type_string() }}) as source_name_vi,
    cast(sources.publisher_kind as {{ dbt.type_string() }}) as publisher_kind,
    cast(sources.province_code as {{ dbt.type_string() }}) as province_code,
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name,
    cast(sources.successor_province_code as {{ dbt.type_string() }}) as successor_province_code,
    cast(sources.base_url as {{ dbt.type_string() }}) as base_url,
    cast(sources.cms as {{ dbt.type_string() }}) as cms,
    cast(sources.is_active as boolean) as is_active,
    cast(sources.valid_from as date) as valid_from,
    cast(sources.valid_to as date) as valid_to,
    cast(sources.successor_source_id as {{ dbt.type_string() }}) as successor_source_id,
    cast(coalesce(articles.article_count, 0) as bigint) as article_count,
    cast(articles.first_published_date as date) as first_published_date,
    cast(articles.last_published_date as date) as last_published_date,
    -- appended last: freshness (macros/freshness.sql), as of the day the marts were built
    cast(freshness.first_crawled_date as date) as first_crawled_date,
    cast(freshness.expected_publish_interval_days as integer) as expected_publish_interval_days,
    {{ fresh_until_date('freshness.last_published_date', 'freshness.first_crawled_date', 'freshness.expected_publish_interval_days') }} as fresh_until_date,
    cast({{ dbt.datediff('freshness.last_published_date', 'current_date', 'day') }} as integer) as days_since_last_published,
    cast({{ dbt.datediff(silence_start_date('freshness.last_published_date', 'freshness.first_crawled_date'), 'current_date', 'day') }} as integer) as days_silent,
    cast(
        sources.is_active
        and {{ fresh_until_date('freshness.last_published_date', 'freshness.first_crawled_date', 'freshness.expected_publish_interval_days') }} < current_date
        as boolean
    ) as is_stale
from sources
left join provinces on sources.province_code = provinces.province_code
left join articles on sources.source_id = articles.source_id
left join freshness on sources.source_id = freshness.source_id
