{#- One row per article_id: an article is parsed again when its page changes or the parser
    improves; the latest parse (parsed_at, then parser_version) is the one we believe. A page read
    from a web archive (capture_timestamp set) gives way to a live fetch of the same article. -#}
with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        -- ids
        article_id,
        source_id,
        content_sha256,
        body_sha256,
        nullif(trim(province_code), '') as province_code,
        run_id,

        -- strings
        url,
        canonical_url,
        {{ nfc('title') }} as title,
        {{ nfc('author') }} as author,
        {{ nfc('lead') }} as lead_text,
        {{ nfc('body_text') }} as body_text,
        parser_version,
        extractor_version,
        published_at as published_at_text,
        -- provenance of an archived copy (null when fetched live)
        capture_url,

        -- dates and timestamps
        published_date,
        parsed_at,
        loaded_at,
        cast(capture_timestamp as timestamp) as capture_timestamp

    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by article_id
            -- a live fetch is the page as it is now, newer than any archived capture of it; among
            -- captures the latest one; then the latest parse of that page
            order by
                (capture_timestamp is not null), capture_timestamp desc nulls first,
                parsed_at desc nulls last, parser_version desc, loaded_at desc, content_sha256 desc
        ) as parse_recency,
        -- when the warehouse first saw the article (any parse): "new articles" per week
        min(loaded_at) over (partition by article_id) as first_loaded_at

    from renamed

)

select
    article_id,
    source_id,
    content_sha256,
    body_sha256,
    province_code,
    run_id,
    url,
    canonical_url,
    title,
    author,
    lead_text,
    body_text,
    parser_version,
    extractor_version,
    published_at_text,
    published_date,
    parsed_at,
    loaded_at,
    first_loaded_at,
    capture_timestamp,
    capture_url
from ranked
where parse_recency = 1
