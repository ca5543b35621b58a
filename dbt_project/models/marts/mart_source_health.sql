{#- Grain: source × ISO week (Monday). Fetches and their outcomes, failures by reason, new
    articles, facts extracted, and the days since the source last gave a new article (as of the
    end of the week, or today for the current week). -#}
with

spine as (

    select * from {{ ref('int_source_weeks_spined') }}

),

fetches as (

    select
        source_id,
        {{ week_start('requested_at') }} as week_start,
        count(*) as fetch_count,
        sum(case when is_failure then 1 else 0 end) as failed_fetch_count,
        sum(case when outcome = 'failed' then 1 else 0 end) as http_failure_count,
        sum(case when outcome = 'too_large' then 1 else 0 end) as too_large_count,
        sum(case when outcome = 'redirect_blocked' then 1 else 0 end) as redirect_blocked_count,
        sum(case when outcome = 'skipped_robots' then 1 else 0 end) as skipped_robots_count,
        sum(case when outcome = 'skipped_non_html' then 1 else 0 end) as skipped_non_html_count,
        sum(case when outcome in ('unchanged', 'not_modified') then 1 else 0 end) as unchanged_count
    from {{ ref('stg_raw__fetches') }}
    group by 1, 2

),

failure_reasons as (

    select
        source_id,
        week_start,
        {{ string_agg_ordered("reason_label || ' x' || cast(reason_count as " ~ dbt.type_string() ~ ")", '; ', 'reason_count desc, reason_label') }} as failure_reasons
    from (
        select
            source_id,
            {{ week_start('requested_at') }} as week_start,
            outcome || coalesce(': ' || reason, '') as reason_label,
            count(*) as reason_count
        from {{ ref('stg_raw__fetches') }}
        where is_failure
        group by 1, 2, 3
    ) as reasons
    group by 1, 2

),

new_articles as (

    select
        source_id,
        {{ week_start('first_loaded_at') }} as week_start,
        count(*) as new_article_count,
        max(first_loaded_at) as last_new_article_at
    from {{ ref('stg_raw__articles') }}
    group by 1, 2

),

facts as (

    select article_id, extracted_at, rejection_reason from {{ ref('stg_raw__indicator_facts') }}
    union all
    select article_id, extracted_at, rejection_reason from {{ ref('stg_raw__ranking_facts') }}
    union all
    select article_id, extracted_at, rejection_reason from {{ ref('stg_raw__incident_facts') }}

),

facts_by_week as (

    select
        articles.source_id,
        {{ week_start('coalesce(facts.extracted_at, articles.first_loaded_at)') }} as week_start,
        count(*) as facts_extracted,
        sum(case when facts.rejection_reason is not null then 1 else 0 end) as facts_quarantined
    from facts
    inner join {{ ref('stg_raw__articles') }} as articles on facts.article_id = articles.article_id
    group by 1, 2

),

joined as (

    select
        spine.source_id,
        spine.week_start,
        coalesce(fetches.fetch_count, 0) as fetch_count,
        coalesce(fetches.failed_fetch_count, 0) as failed_fetch_count,
        coalesce(fetches.http_failure_count, 0) as http_failure_count,
        coalesce(fetches.too_large_count, 0) as too_large_count,
        coalesce(fetches.redirect_blocked_count, 0) as redirect_blocked_count,
        coalesce(fetches.skipped_robots_count, 0) as skipped_robots_count,
        coalesce(fetches.skipped_non_html_count, 0) as skipped_non_html_count,
        coalesce(fetches.unchanged_count, 0) as unchanged_count,
        failure_reasons.failure_reasons,
        coalesce(new_articles.new_article_count, 0) as new_article_count,
        coalesce(facts_by_week.facts_extracted, 0) as facts_extracted,
        coalesce(facts_by_week.facts_quarantined, 0) as facts_quarantined,
        max(new_articles.last_new_article_at) over (
            partition by spine.source_id order by spine.week_start rows between unbounded preceding and current row
        ) as last_new_article_at
    from spine
    left join fetches on spine.source_id = fetches.source_id and spine.week_start = fetches.week_start
    left join failure_reasons on spine.source_id = failure_reasons.source_id and spine.week_start = failure_reasons.week_start
    left join new_articles on spine.source_id = new_articles.source_id and spine.week_start = new_articles.week_start
    left join facts_by_week on spine.source_id = facts_by_week.source_id and spine.week_start = facts_by_week.week_start

)

select
    cast({{ surrogate_key(['source_id', 'week_start']) }} as {{ dbt.type_string() }}) as source_week_id,
    cast(source_id as {{ dbt.type_string() }}) as source_id,
    cast(week_start as date) as week_start,
    cast(fetch_count as bigint) as fetch_count,
    cast(failed_fetch_count as bigint) as failed_fetch_count,
    cast(http_failure_count as bigint) as http_failure_count,
    cast(too_large_count as bigint) as too_large_count,
    cast(redirect_blocked_count as bigint) as redirect_blocked_count,
    cast(skipped_robots_count as bigint) as skipped_robots_count,
    cast(skipped_non_html_count as bigint) as skipped_non_html_count,
    cast(unchanged_count as bigint) as unchanged_count,
    cast(failure_reasons as {{ dbt.type_string() }}) as failure_reasons,
    cast(new_article_count as bigint) as new_article_count,
    cast(facts_extracted as bigint) as facts_extracted,
    cast(facts_quarantined as bigint) as facts_quarantined,
    cast(last_new_article_at as timestamp) as last_new_article_at,
    cast(
        {{ dbt.datediff('cast(last_new_article_at as date)',
                        'least(cast(' ~ dbt.dateadd('day', 6, 'week_start') ~ ' as date), current_date)', 'day') }}
    as integer) as days_since_last_new_article
from joined
