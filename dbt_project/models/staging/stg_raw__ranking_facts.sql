{#- Ranking facts of each article's latest extractor version, typed and checked (see
    stg_raw__indicator_facts for the quarantine convention). A missing component means the
    overall rank. -#}
with

source as (

    select * from {{ source('raw', 'ranking_facts') }}

),

latest_version as (

    {{ latest_extractor_version() }}

),

renamed as (

    select
        -- ids
        source.fact_id,
        source.article_id,
        nullif(trim(source.province_code), '') as fact_province_code,
        source.run_id,

        -- strings
        lower(trim(source.ranking)) as ranking_code,
        coalesce(lower(trim(source.component)), 'overall') as component_code,
        {{ nfc('source.sentence') }} as sentence,
        -- why the confidence is below 1 ("a; b"); null from extractors that do not say
        nullif(trim({{ nfc('source.uncertainty') }}), '') as uncertainty,
        source.extractor_version,
        -- provenance of the page when it was read from a web archive (null when fetched live)
        source.capture_url,

        -- numerics
        cast(source.rank as integer) as rank,
        cast(source.out_of as integer) as out_of,
        cast(source.year as integer) as year,
        cast(source.change as integer) as rank_change,
        cast(source.score as double precision) as score,
        cast(source.char_start as integer) as char_start,
        cast(source.char_end as integer) as char_end,
        cast(source.confidence as double precision) as confidence,

        -- timestamps
        source.extracted_at,
        source.loaded_at,
        cast(source.capture_timestamp as timestamp) as capture_timestamp

    from source
    inner join latest_version
        on source.article_id = latest_version.article_id
        and source.extractor_version = latest_version.extractor_version

),

checked as (

    select
        renamed.*,
        {{ rejection_reasons({
            'unknown ranking code': 'rankings.ranking_code is null',
            'unknown component code': 'components.component_code is null',
            'missing rank': 'renamed.rank is null',
            'rank outside 1..out_of': 'renamed.rank < 1 or renamed.rank > coalesce(renamed.out_of, ' ~ var('max_provinces_ranked') ~ ')',
            'out_of above the number of provinces': 'renamed.out_of > ' ~ var('max_provinces_ranked'),
            'unknown province code': 'renamed.fact_province_code is not null and provinces.province_code is null',
            'implausible year': 'renamed.year < ' ~ var('min_fact_year') ~ ' or renamed.year > extract(year from current_date)',
        }) }} as rejection_reason

    from renamed
    left join {{ ref('ref_rankings') }} as rankings
        on renamed.ranking_code = rankings.ranking_code
    left join {{ ref('ref_ranking_components') }} as components
        on renamed.component_code = components.component_code
    left join {{ ref('ref_provinces') }} as provinces
        on renamed.fact_province_code = provinces.province_code

)

select * from checked
