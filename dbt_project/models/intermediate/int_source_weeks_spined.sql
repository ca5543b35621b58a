{#- One row per source and ISO week, from the week of the source's first activity (a fetch, a new
    article or an extracted fact) to the current week (or the latest active week, should a clock
    run ahead), so weeks without any activity appear with zeros. -#}
with

activity as (

    select
        source_id,
        week_start
    from {{ ref('int_source_activity_aggregated_to_weeks') }}
    where week_start is not null

),

sources as (

    select
        source_id,
        min(week_start) as first_week
    from activity
    group by source_id

),

last_week as (

    select max(week_start) as latest_active_week from activity

),

weeks as (

    select distinct {{ week_start('days.date_day') }} as week_start
    from ({{ date_series('1995-01-01', '2035-12-31') }}) as days
    cross join last_week
    where days.date_day <= current_date or days.date_day <= last_week.latest_active_week

)

select
    sources.source_id,
    weeks.week_start
from sources
inner join weeks on sources.first_week <= weeks.week_start
