{#- One row per article (latest parse), with the repost group it belongs to. -#}
with

articles as (

    select * from {{ ref('int_articles_latest_parse') }}

),

groups as (

    select * from {{ ref('int_articles_reposts_grouped') }}

)

select
    cast(articles.article_id as {{ dbt.type_string() }}) as article_id,
    cast(articles.source_id as {{ dbt.type_string() }}) as source_id,
    cast(articles.url as {{ dbt.type_string() }}) as url,
    cast(articles.canonical_url as {{ dbt.type_string() }}) as canonical_url,
    cast(articles.title as {{ dbt.type_string() }}) as title,
    cast(articles.published_date as date) as published_date,
    cast(groups.province_code as {{ dbt.type_string() }}) as province_code,
    cast(articles.author as {{ dbt.type_string() }}) as author,
    cast(articles.body_sha256 as {{ dbt.type_string() }}) as body_sha256,
    cast(groups.canonical_article_id as {{ dbt.type_string() }}) as canonical_article_id,
    cast(groups.is_repost as boolean) as is_repost,
    cast(groups.group_article_count as bigint) as repost_group_article_count,
    cast(groups.group_source_count as bigint) as repost_group_source_count,
    cast(articles.parser_version as {{ dbt.type_string() }}) as parser_version,
    cast(articles.extractor_version as {{ dbt.type_string() }}) as extractor_version,
    cast(articles.parsed_at as timestamp) as parsed_at,
    cast(articles.loaded_at as timestamp) as loaded_at,
    cast(articles.capture_timestamp as timestamp) as capture_timestamp,
    cast(articles.capture_url as {{ dbt.type_string() }}) as capture_url
from articles
inner join groups on articles.article_id = groups.article_id
