{#- Articles whose reported province code or source id is unknown. The article itself stays in
    dim_article (with a null province, or flagged here for the source) so its facts keep their
    evidence; this model makes the problem visible instead of silently nulling it. -#}
with

articles as (

    select * from {{ ref('int_articles_latest_parse') }}

),

provinces as (

    select province_code from {{ ref('ref_provinces') }}

),

sources as (

    select source_id from {{ ref('ref_sources') }}

),

checked as (

    select
        articles.article_id,
        articles.url as article_url,
        articles.source_id,
        articles.province_code as reported_province_code,
        articles.published_date,
        articles.parser_version,
        articles.run_id,
        articles.loaded_at,
        {{ rejection_reasons({
            'unknown province code': 'articles.province_code is not null and provinces.province_code is null',
            'unknown source id': 'sources.source_id is null',
            'implausible publication date': "articles.published_date < cast('" ~ var('min_fact_year') ~ "-01-01' as date) or articles.published_date > current_date",
        }) }} as quarantine_reason
    from articles
    left join provinces on articles.province_code = provinces.province_code
    left join sources on articles.source_id = sources.source_id

)

select * from checked
where quarantine_reason is not null
