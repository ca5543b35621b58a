{#- Per source and ISO week with any activity: fetches by outcome and failures by reason (from the
    incremental int_fetches_aggregated_to_source_weeks), new articles (and the newest publication
    date among them), and facts extracted (and how many of them are quarantined). -#}
with

fetch_counts as (

    select * from {{ ref('int_fetches_aggregated_to_source_weeks') }}

),

articles as (

    select
        article_id,
        source_id,
        first_loaded_at,
        published_date
    from {{ ref('int_articles_latest_parse') }}

),

new_articles as (

    select
        source_id,
        {{ week_start('first_loaded_at') }} as week_start,
        count(*) as new_article_count,
        max(first_loaded_at) as last_new_article_at,
        -- the newest publication date among the articles first loaded that week
        max(published_date) as last_published_date
    from articles
    group by 1, 2

),

facts as (

    select
        fact_id,
        article_id,
        extracted_at
    from {{ ref('int_indicator_facts_latest_version') }}
    union all
    select
        fact_id,
        article_id,
        extracted_at
    from {{ ref('int_ranking_facts_latest_version') }}
    union all
    select
        fact_id,
        article_id,
        extracted_at
    from {{ ref('int_incident_facts_latest_version') }}

),

quarantined as (

    select fact_id from {{ ref('quarantine_indicator_facts') }}
    union all
    select fact_id from {{ ref('quarantine_ranking_facts') }}
    union all
    select fact_id from {{ ref('quarantine_incident_facts') }}

),

fact_counts as (

    select
        articles.source_id,
        {{ week_start('coalesce(facts.extracted_at, articles.first_loaded_at)') }} as week_start,
        count(*) as facts_extracted,
        sum(case when quarantined.fact_id is not null then 1 else 0 end) as facts_quarantined
    from facts
    inner join articles on facts.article_id = articles.article_id
    left join quarantined on facts.fact_id = quarantined.fact_id
    group by 1, 2

),

source_weeks as (

    select
        source_id,
        week_start
    from fetch_counts
    union
    select
        source_id,
        week_start
    from new_articles
    union
    select
        source_id,
        week_start
    from fact_counts

)

select
    source_weeks.source_id,
    source_weeks.week_start,
    fetch_counts.fetch_count,
    fetch_counts.failed_fetch_count,
    fetch_counts.http_failure_count,
    fetch_counts.too_large_count,
    fetch_counts.redirect_blocked_count,
    fetch_counts.skipped_robots_count,
    fetch_counts.skipped_non_html_count,
    fetch_counts.unchanged_count,
    fetch_counts.failure_reasons,
    new_articles.new_article_count,
    new_articles.last_new_article_at,
    new_articles.last_published_date,
    fact_counts.facts_extracted,
    fact_counts.facts_quarantined
from source_weeks
left join fetch_counts on source_weeks.source_id = fetch_counts.source_id and source_weeks.week_start = fetch_counts.week_start
left join new_articles on source_weeks.source_id = new_articles.source_id and source_weeks.week_start = new_articles.week_start
left join fact_counts on source_weeks.source_id = fact_counts.source_id and source_weeks.week_start = fact_counts.week_start
