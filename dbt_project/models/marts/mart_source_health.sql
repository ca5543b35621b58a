{#- Grain: source × ISO week (Monday), every week from the source's first activity to the current
    one. Fetches and their outcomes, failures by reason, new articles, facts extracted, and the
    source's freshness as of the end of the week (today for the current week), by the one
    definition of macros/freshness.sql: from publication dates, silence counted from the newest
    publication known by then or the first crawl, stale past the registry's expected interval.
    days_since_last_new_article is crawl time (when the crawler last found an article new to the
    warehouse), kept for the crawl's own monitoring; it is not freshness. -#}
with

spine as (

    select * from {{ ref('int_source_weeks_spined') }}

),

activity as (

    select * from {{ ref('int_source_activity_aggregated_to_weeks') }}

),

sources as (

    select
        source_id,
        first_crawled_date,
        expected_publish_interval_days
    from {{ ref('dim_source') }}

),

joined as (

    select
        spine.source_id,
        spine.week_start,
        activity.fetch_count,
        activity.failed_fetch_count,
        activity.http_failure_count,
        activity.too_large_count,
        activity.redirect_blocked_count,
        activity.skipped_robots_count,
        activity.skipped_non_html_count,
        activity.unchanged_count,
        activity.failure_reasons,
        activity.new_article_count,
        activity.facts_extracted,
        activity.facts_quarantined,
        max(activity.last_new_article_at) over (
            partition by spine.source_id order by spine.week_start rows between unbounded preceding and current row
        ) as last_new_article_at,
        max(activity.last_published_date) over (
            partition by spine.source_id order by spine.week_start rows between unbounded preceding and current row
        ) as last_published_date,
        least(cast({{ dbt.dateadd('day', 6, 'spine.week_start') }} as date), current_date) as as_of_date
    from spine
    left join activity on spine.source_id = activity.source_id and spine.week_start = activity.week_start

)

select
    cast({{ surrogate_key(['joined.source_id', 'joined.week_start']) }} as {{ dbt.type_string() }}) as source_week_id,
    cast(joined.source_id as {{ dbt.type_string() }}) as source_id,
    cast(joined.week_start as date) as week_start,
    cast(coalesce(joined.fetch_count, 0) as bigint) as fetch_count,
    cast(coalesce(joined.failed_fetch_count, 0) as bigint) as failed_fetch_count,
    cast(coalesce(joined.http_failure_count, 0) as bigint) as http_failure_count,
    cast(coalesce(joined.too_large_count, 0) as bigint) as too_large_count,
    cast(coalesce(joined.redirect_blocked_count, 0) as bigint) as redirect_blocked_count,
    cast(coalesce(joined.skipped_robots_count, 0) as bigint) as skipped_robots_count,
    cast(coalesce(joined.skipped_non_html_count, 0) as bigint) as skipped_non_html_count,
    cast(coalesce(joined.unchanged_count, 0) as bigint) as unchanged_count,
    cast(joined.failure_reasons as {{ dbt.type_string() }}) as failure_reasons,
    cast(coalesce(joined.new_article_count, 0) as bigint) as new_article_count,
    cast(coalesce(joined.facts_extracted, 0) as bigint) as facts_extracted,
    cast(coalesce(joined.facts_quarantined, 0) as bigint) as facts_quarantined,
    cast(joined.last_new_article_at as timestamp) as last_new_article_at,
    cast(
        {{ dbt.datediff('cast(joined.last_new_article_at as date)',
                        'least(cast(' ~ dbt.dateadd('day', 6, 'joined.week_start') ~ ' as date), current_date)', 'day') }}
        as integer
    ) as days_since_last_new_article,
    -- appended last: freshness as of the end of the week (macros/freshness.sql)
    cast(joined.last_published_date as date) as last_published_date,
    cast({{ dbt.datediff('joined.last_published_date', 'joined.as_of_date', 'day') }} as integer) as days_since_last_published,
    cast(sources.expected_publish_interval_days as integer) as expected_publish_interval_days,
    {{ fresh_until_date('joined.last_published_date', 'sources.first_crawled_date', 'sources.expected_publish_interval_days') }} as fresh_until_date,
    cast(
        {{ fresh_until_date('joined.last_published_date', 'sources.first_crawled_date', 'sources.expected_publish_interval_days') }} < joined.as_of_date
        as boolean
    ) as is_stale
from joined
left join sources on joined.source_id = sources.source_id
