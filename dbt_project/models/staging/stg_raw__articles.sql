{#- One row per article_id: an article is parsed again when its page changes or the parser
    improves; the latest parse (parsed_at, then parser_version) is the one we believe. -#}
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

        -- dates and timestamps
        published_date,
        parsed_at,
        loaded_at

    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by article_id
            order by parsed_at desc nulls last, parser_version desc, loaded_at desc, content_sha256 desc
        ) as parse_recency,
        -- when the warehouse first saw the article (any parse): "new articles" per week
        min(loaded_at) over (partition by article_id) as first_loaded_at

    from renamed

)

select
    article_id, source_id, content_sha256, body_sha256, province_code, run_id,
    url, canonical_url, title, author, lead_text, body_text, parser_version, extractor_version,
    published_at_text, published_date, parsed_at, loaded_at, first_loaded_at
from ranked
where parse_recency = 1
