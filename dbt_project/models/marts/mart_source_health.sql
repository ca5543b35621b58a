{#- Grain: source × ISO week (Monday), every week from the source's first activity to the current
    one. Fetches and their outcomes, failures by reason, new articles, facts extracted, and the
    days since the source last gave a new article (as of the end of the week, or today for the
    current week). -#}
with

spine as (

    select * from {{ ref('int_source_weeks_spined') }}

),

activity as (

    select * from {{ ref('int_source_activity_aggregated_to_weeks') }}

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
        ) as last_new_article_at
    from spine
    left join activity on spine.source_id = activity.source_id and spine.week_start = activity.week_start

)

select
    cast({{ surrogate_key(['source_id', 'week_start']) }} as {{ dbt.type_string() }}) as source_week_id,
    cast(source_id as {{ dbt.type_string() }}) as source_id,
    cast(week_start as date) as week_start,
    cast(coalesce(fetch_count, 0) as bigint) as fetch_count,
    cast(coalesce(failed_fetch_count, 0) as bigint) as failed_fetch_count,
    cast(coalesce(http_failure_count, 0) as bigint) as http_failure_count,
    cast(coalesce(too_large_count, 0) as bigint) as too_large_count,
    cast(coalesce(redirect_blocked_count, 0) as bigint) as redirect_blocked_count,
    cast(coalesce(skipped_robots_count, 0) as bigint) as skipped_robots_count,
    cast(coalesce(skipped_non_html_count, 0) as bigint) as skipped_non_html_count,
    cast(coalesce(unchanged_count, 0) as bigint) as unchanged_count,
    cast(failure_reasons as {{ dbt.type_string() }}) as failure_reasons,
    cast(coalesce(new_article_count, 0) as bigint) as new_article_count,
    cast(coalesce(facts_extracted, 0) as bigint) as facts_extracted,
    cast(coalesce(facts_quarantined, 0) as bigint) as facts_quarantined,
    cast(last_new_article_at as timestamp) as last_new_article_at,
    cast(
        {{ dbt.datediff('cast(last_new_article_at as date)',
                        'least(cast(' ~ dbt.dateadd('day', 6, 'week_start') ~ ' as date), current_date)', 'day') }}
    as integer) as days_since_last_new_article
from joined
