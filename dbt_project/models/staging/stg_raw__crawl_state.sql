with

source as (

    select * from {{ source('raw', 'crawl_state') }}

),

renamed as (

    select
        -- ids
        source_id,
        canonical_url,
        content_sha256,

        -- strings
        page_kind,
        crawl_status,
        last_outcome,
        failure_kind,
        {{ nfc('last_reason') }} as last_reason,
        etag,
        last_modified as last_modified_header,

        -- numerics
        cast(last_status as integer) as last_status_code,
        cast(coalesce(consecutive_failures, 0) as integer) as consecutive_failures,

        -- timestamps
        first_seen_at,
        last_fetched_at,
        loaded_at

    from source

)

select * from renamed
