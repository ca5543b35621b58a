{#- Fetches per source and ISO week, by outcome, with failures by reason. Incremental: the fetch log
    only grows (raw.fetches is insert-only and a fetch never changes week), so a run recomputes
    just the (source, week) pairs that received fetches loaded since the last run and merges them
    on that key; a full refresh gives the same rows. The watermark is compared with >= so the
    last load is recomputed once more (idempotent) rather than risk missing rows of the same
    loaded_at. -#}
{{ config(
    materialized='incremental',
    unique_key=['source_id', 'week_start'],
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

with

fetches as (

    select
        *,
        {{ week_start('coalesce(requested_at, loaded_at)') }} as week_start
    from {{ ref('stg_raw__fetches') }}

),

{% if is_incremental() %}
touched as (

    select distinct source_id, week_start
    from fetches
    where loaded_at >= (select max(last_loaded_at) from {{ this }})

),
{% endif %}

scoped as (

    select fetches.*
    from fetches
    {% if is_incremental() %}
    inner join touched on fetches.source_id = touched.source_id and fetches.week_start = touched.week_start
    {% endif %}

),

counts as (

    select
        source_id,
        week_start,
        count(*) as fetch_count,
        sum(case when is_failure then 1 else 0 end) as failed_fetch_count,
        sum(case when outcome = 'failed' then 1 else 0 end) as http_failure_count,
        sum(case when outcome = 'too_large' then 1 else 0 end) as too_large_count,
        sum(case when outcome = 'redirect_blocked' then 1 else 0 end) as redirect_blocked_count,
        sum(case when outcome = 'skipped_robots' then 1 else 0 end) as skipped_robots_count,
        sum(case when outcome = 'skipped_non_html' then 1 else 0 end) as skipped_non_html_count,
        -- an archived capture whose bytes had already landed ('duplicate') is an unchanged page too
        sum(case when outcome in ('unchanged', 'not_modified', 'duplicate') then 1 else 0 end) as unchanged_count,
        max(loaded_at) as last_loaded_at
    from scoped
    group by source_id, week_start

),

reason_counts as (

    select
        source_id,
        week_start,
        outcome || coalesce(': ' || reason, '') as reason_label,
        count(*) as reason_count
    from scoped
    where is_failure
    group by source_id, week_start, outcome || coalesce(': ' || reason, '')

),

failure_reasons as (

    select
        source_id,
        week_start,
        {{ string_agg_ordered("reason_label || ' x' || cast(reason_count as " ~ dbt.type_string() ~ ")", '; ', 'reason_count desc, reason_label') }} as failure_reasons
    from reason_counts
    group by source_id, week_start

)

select
    counts.source_id,
    counts.week_start,
    cast(counts.fetch_count as bigint) as fetch_count,
    cast(counts.failed_fetch_count as bigint) as failed_fetch_count,
    cast(counts.http_failure_count as bigint) as http_failure_count,
    cast(counts.too_large_count as bigint) as too_large_count,
    cast(counts.redirect_blocked_count as bigint) as redirect_blocked_count,
    cast(counts.skipped_robots_count as bigint) as skipped_robots_count,
    cast(counts.skipped_non_html_count as bigint) as skipped_non_html_count,
    cast(counts.unchanged_count as bigint) as unchanged_count,
    failure_reasons.failure_reasons,
    counts.last_loaded_at
from counts
left join failure_reasons on counts.source_id = failure_reasons.source_id and counts.week_start = failure_reasons.week_start
