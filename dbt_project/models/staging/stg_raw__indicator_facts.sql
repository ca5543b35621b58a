{#- Indicator facts of each article's latest extractor version, typed and checked. Every row is
    kept: rows failing a check carry rejection_reason and go to quality.quarantine_indicator_facts;
    downstream models read only the rows where rejection_reason is null. -#}
with

source as (

    select * from {{ source('raw', 'indicator_facts') }}

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
        lower(trim(source.indicator)) as indicator_code,
        lower(trim(source.kind)) as kind,
        lower(trim(source.unit)) as unit,
        lower(trim(source.admin_level)) as admin_level,
        lower(trim(source.also_level)) as also_level,
        lower(trim(source.qualifier)) as qualifier,
        {{ nfc('source.sentence') }} as sentence,
        -- why the confidence is below 1 ("a; b"); null from extractors that do not say
        nullif(trim({{ nfc('source.uncertainty') }}), '') as uncertainty,
        source.extractor_version,
        -- provenance of the page when it was read from a web archive (null when fetched live)
        source.capture_url,

        -- numerics
        cast(source.value as double precision) as value,
        cast(source.value_high as double precision) as value_high,
        cast(source.numerator as double precision) as numerator,
        cast(source.denominator as double precision) as denominator,
        cast(source.year as integer) as year,
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
            'unknown indicator code': 'indicators.indicator_code is null',
            'unknown kind': 'kinds.kind is null',
            'unknown admin level': 'renamed.admin_level is not null and admin_levels.admin_level is null',
            'missing value': 'renamed.value is null',
            'pct outside 0..100': "renamed.unit = 'pct' and (renamed.value < 0 or renamed.value > 100 or renamed.value_high > 100)",
            'negative value': "renamed.unit <> 'pct' and renamed.value < 0",
            'range upper bound below value': 'renamed.value_high < renamed.value',
            'unknown province code': 'renamed.fact_province_code is not null and provinces.province_code is null',
            'implausible year': 'renamed.year < ' ~ var('min_fact_year') ~ ' or renamed.year > ' ~ var('max_fact_year'),
            'actual in the future': "renamed.kind = 'actual' and renamed.year > extract(year from current_date)",
        }) }} as rejection_reason

    from renamed
    left join {{ ref('ref_indicators') }} as indicators
        on renamed.indicator_code = indicators.indicator_code
    left join {{ ref('ref_fact_kinds') }} as kinds
        on renamed.kind = kinds.kind
    left join {{ ref('ref_admin_levels') }} as admin_levels
        on renamed.admin_level = admin_levels.admin_level
    left join {{ ref('ref_provinces') }} as provinces
        on renamed.fact_province_code = provinces.province_code

)

select * from checked
