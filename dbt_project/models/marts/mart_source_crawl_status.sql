{#- Grain: source (current crawl state). How many of its pages (articles and list pages) are
    landed, refused, retrying, parked (crawl_status gave_up: transient failures in too many runs in
    a row, left alone by daily runs until `--refresh` or a backfill) or pending, and why the parked
    ones failed: the most frequent reason and up to three, most frequent first. -#}
with

crawl_state as (

    select * from {{ ref('stg_raw__crawl_state') }}

),

page_counts as (

    select
        source_id,
        count(*) as pages_known,
        sum(case when crawl_status = 'landed' then 1 else 0 end) as pages_landed,
        sum(case when crawl_status = 'refused' then 1 else 0 end) as pages_refused,
        sum(case when crawl_status = 'retrying' then 1 else 0 end) as pages_retrying,
        sum(case when crawl_status = 'gave_up' then 1 else 0 end) as pages_parked,
        sum(case when crawl_status = 'pending' then 1 else 0 end) as pages_pending,
        min(case when crawl_status = 'gave_up' then last_fetched_at end) as oldest_parked_since,
        max(case when crawl_status = 'gave_up' then last_fetched_at end) as latest_parked_fetched_at,
        max(last_fetched_at) as last_fetched_at,
        max(loaded_at) as as_of
    from crawl_state
    group by source_id

),

parked_reasons as (

    -- the reason text says what happened; failure_kind stands in for a page recorded without one
    select
        source_id,
        coalesce(last_reason, failure_kind, 'unknown') as parked_reason,
        max(failure_kind) as failure_kind,
        count(*) as page_count
    from crawl_state
    where crawl_status = 'gave_up'
    group by source_id, coalesce(last_reason, failure_kind, 'unknown')

),

ranked_reasons as (

    select
        parked_reasons.*,
        row_number() over (partition by source_id order by page_count desc, parked_reason asc) as reason_rank
    from parked_reasons

),

top_reasons as (

    select
        source_id,
        max(case when reason_rank = 1 then parked_reason end) as top_parked_reason,
        max(case when reason_rank = 1 then failure_kind end) as top_parked_failure_kind,
        {{ string_agg_ordered("parked_reason || ' x' || cast(page_count as " ~ dbt.type_string() ~ ")", '; ', 'reason_rank') }} as parked_reasons
    from ranked_reasons
    where reason_rank <= 3
    group by source_id

)

select
    cast(page_counts.source_id as {{ dbt.type_string() }}) as source_id,
    cast(page_counts.pages_known as bigint) as pages_known,
    cast(page_counts.pages_landed as bigint) as pages_landed,
    cast(page_counts.pages_refused as bigint) as pages_refused,
    cast(page_counts.pages_retrying as bigint) as pages_retrying,
    cast(page_counts.pages_parked as bigint) as pages_parked,
    cast(page_counts.pages_pending as bigint) as pages_pending,
    cast(page_counts.oldest_parked_since as timestamp) as oldest_parked_since,
    cast(page_counts.latest_parked_fetched_at as timestamp) as latest_parked_fetched_at,
    cast(top_reasons.top_parked_reason as {{ dbt.type_string() }}) as top_parked_reason,
    cast(top_reasons.top_parked_failure_kind as {{ dbt.type_string() }}) as top_parked_failure_kind,
    cast(top_reasons.parked_reasons as {{ dbt.type_string() }}) as parked_reasons,
    cast(page_counts.last_fetched_at as timestamp) as last_fetched_at,
    cast(page_counts.as_of as timestamp) as as_of
from page_counts
left join top_reasons on page_counts.source_id = top_reasons.source_id
