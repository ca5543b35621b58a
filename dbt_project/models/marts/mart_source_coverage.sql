{#- Grain: province map ('63': the provinces until 2025-06-30, '34': from 2025-07-01) × province ×
    source. Which sources the registry (ref_sources, generated from scrapers/sources.yaml) holds for
    each province on either map, whether each is verified, live or read from a web archive, and the
    span of years of articles the warehouse holds from it. On the 63 map a province's own publishers
    count (its Sở TT&TT, ministry and newspaper sections); on the 34 map every source of the provinces
    merged into it plus the Sở KH&CN that took the ICT duties. A province without any source keeps
    one row with empty source columns, so a gap shows. -#}
with

sources as (

    select * from {{ ref('ref_sources') }}

),

provinces_63 as (

    select * from {{ ref('ref_provinces') }}

),

provinces_34 as (

    select * from {{ ref('ref_provinces_2025') }}

),

articles as (

    select
        source_id,
        count(*) as article_count,
        min(cast(extract(year from published_date) as integer)) as first_article_year,
        max(cast(extract(year from published_date) as integer)) as last_article_year,
        count(distinct cast(extract(year from published_date) as integer)) as years_with_articles
    from {{ ref('int_articles_latest_parse') }}
    where published_date is not null
    group by source_id

),

province_sources as (

    select
        '63' as province_map,
        provinces_63.province_code,
        provinces_63.province_name,
        sources.source_id
    from provinces_63
    left join sources
        on
            provinces_63.province_code = sources.province_code
            and coalesce(sources.source_role, '') <> 'science_department'

    union all

    select
        '34' as province_map,
        provinces_34.province_code,
        provinces_34.province_name,
        sources.source_id
    from provinces_34
    left join sources on provinces_34.province_code = sources.successor_province_code

)

select
    cast(
        {{ surrogate_key(['province_sources.province_map', 'province_sources.province_code', 'province_sources.source_id']) }}
        as {{ dbt.type_string() }}
    ) as coverage_id,
    -- ids
    cast(province_sources.province_map as {{ dbt.type_string() }}) as province_map,
    cast(province_sources.province_code as {{ dbt.type_string() }}) as province_code,
    cast(province_sources.source_id as {{ dbt.type_string() }}) as source_id,
    cast(sources.successor_source_id as {{ dbt.type_string() }}) as successor_source_id,
    -- strings
    cast(province_sources.province_name as {{ dbt.type_string() }}) as province_name,
    cast(sources.source_name_en as {{ dbt.type_string() }}) as source_name_en,
    cast(sources.source_name_vi as {{ dbt.type_string() }}) as source_name_vi,
    cast(sources.source_role as {{ dbt.type_string() }}) as source_role,
    cast(sources.publisher_kind as {{ dbt.type_string() }}) as publisher_kind,
    cast(sources.base_url as {{ dbt.type_string() }}) as base_url,
    cast(sources.cms as {{ dbt.type_string() }}) as cms,
    cast(sources.evidence_kind as {{ dbt.type_string() }}) as evidence_kind,
    -- booleans
    cast(province_sources.source_id is not null as boolean) as has_source,
    cast(coalesce(sources.is_verified, false) as boolean) as is_verified,
    cast(coalesce(sources.is_active, false) as boolean) as is_live,
    cast(coalesce(sources.is_archived, false) as boolean) as is_archived,
    -- dates
    cast(sources.valid_from as date) as valid_from,
    cast(sources.valid_to as date) as valid_to,
    -- numerics
    cast(coalesce(articles.article_count, 0) as bigint) as article_count,
    cast(articles.first_article_year as integer) as first_article_year,
    cast(articles.last_article_year as integer) as last_article_year,
    cast(coalesce(articles.years_with_articles, 0) as integer) as years_with_articles
from province_sources
left join sources on province_sources.source_id = sources.source_id
left join articles on province_sources.source_id = articles.source_id
