with

source as (

    select * from {{ source('raw', 'fetches') }}

),

renamed as (

    select
        -- ids
        fetch_id,
        run_id,
        source_id,
        content_sha256,

        -- strings
        url,
        canonical_url,
        page_kind,
        outcome,
        {{ nfc('reason') }} as reason,
        content_type,
        etag,
        last_modified as last_modified_header,
        -- archived captures (page_kind 'capture'; null for live fetches)
        original_url,
        capture_url,
        capture_digest,

        -- numerics
        cast(status_code as integer) as status_code,
        cast(bytes as bigint) as response_bytes,
        cast(duration_ms as bigint) as duration_ms,

        -- booleans
        outcome in ('failed', 'too_large', 'redirect_blocked') as is_failure,

        -- timestamps
        requested_at,
        loaded_at,
        cast(capture_timestamp as timestamp) as capture_timestamp

    from source

)

select * from renamed
