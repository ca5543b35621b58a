{#- The analysts' decisions (review/decisions.csv, loaded whole into raw.review_decisions before
    every build by warehouse.review.store), typed. One decision counts per entry: the latest
    (decided_at, then the later line); earlier ones are kept and shown as superseded. Every added
    fact counts. docs/review.md -#}
with

source as (

    select * from {{ source('raw', 'review_decisions') }}

),

renamed as (

    select
        -- ids
        source.decision_id,
        cast(source.line_number as integer) as line_number,
        nullif(lower(trim(source.entry_key)), '') as entry_key,
        nullif(trim(source.article_id), '') as article_id,
        source.source_file,

        -- strings
        lower(trim(source.action)) as action,
        trim(source.reviewer) as reviewer,
        {{ nfc('source.reason') }} as reason,
        lower(trim(source.fact_type)) as fact_type,
        lower(trim(source.code)) as fact_code,
        lower(trim(source.component)) as component_code,
        nullif(trim(source.province_code), '') as province_code,
        lower(trim(source.admin_level)) as admin_level,
        lower(trim(source.kind)) as kind,
        nullif(trim(source.unit), '') as unit,
        {{ nfc('source.sentence') }} as sentence,

        -- numerics
        cast(source.year as integer) as year,
        cast(source.value as double precision) as value,
        cast(source.value_high as double precision) as value_high,
        cast(source.out_of as integer) as out_of,

        -- dates and timestamps
        cast(source.period_start as date) as period_start,
        cast(source.period_end as date) as period_end,
        source.decided_at,
        source.loaded_at

    from source

),

ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.entry_key
            order by renamed.decided_at desc, renamed.line_number desc
        ) as decision_recency
    from renamed

)

select
    ranked.*,
    ranked.action = 'add' or ranked.decision_recency = 1 as is_effective
from ranked
