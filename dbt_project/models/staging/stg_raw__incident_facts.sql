{#- Security-incident facts of each article's latest extractor version, typed and checked (see
    stg_raw__indicator_facts for the quarantine convention). -#}
with

source as (

    select * from {{ source('raw', 'incident_facts') }}

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
        lower(trim(source.incident_type)) as incident_type,
        {{ nfc('source.unit') }} as unit,
        {{ nfc('source.target') }} as target,
        lower(trim(source.qualifier)) as qualifier,
        {{ nfc('source.sentence') }} as sentence,
        -- why the confidence is below 1 ("a; b"); null from extractors that do not say
        nullif(trim({{ nfc('source.uncertainty') }}), '') as uncertainty,
        source.extractor_version,
        -- provenance of the page when it was read from a web archive (null when fetched live)
        source.capture_url,

        -- numerics
        cast(source.count as bigint) as incident_count,
        cast(source.char_start as integer) as char_start,
        cast(source.char_end as integer) as char_end,
        cast(source.confidence as double precision) as confidence,

        -- dates and timestamps
        source.period_start,
        source.period_end,
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
            'unknown incident type': 'incident_types.incident_type is null',
            'missing count': 'renamed.incident_count is null',
            'negative count': 'renamed.incident_count < 0',
            'period ends before it starts': 'renamed.period_end < renamed.period_start',
            'unknown province code': 'renamed.fact_province_code is not null and provinces.province_code is null',
            'implausible year': 'extract(year from renamed.period_start) < ' ~ var('min_fact_year') ~ ' or renamed.period_start > current_date',
        }) }} as rejection_reason

    from renamed
    left join {{ ref('ref_incident_types') }} as incident_types
        on renamed.incident_type = incident_types.incident_type
    left join {{ ref('ref_provinces') }} as provinces
        on renamed.fact_province_code = provinces.province_code

)

select * from checked
