{#- One row per source and ISO week, from the week of the source's first activity (a fetch or an
    article) to the current week, so weeks without any activity appear with zeros. -#}
with

activity as (

    select source_id, requested_at as happened_at from {{ ref('stg_raw__fetches') }}
    union all
    select source_id, first_loaded_at as happened_at from {{ ref('stg_raw__articles') }}

),

sources as (

    select source_id, {{ week_start('min(happened_at)') }} as first_week
    from activity
    where happened_at is not null
    group by source_id

),

weeks as (

    select distinct {{ week_start('date_day') }} as week_start
    from ({{ date_series('1995-01-01', '2035-12-31') }}) as days
    where date_day <= current_date

)

select
    sources.source_id,
    weeks.week_start
from sources
inner join weeks on weeks.week_start >= sources.first_week
