{#- Calendar from 1995 (the earliest plausible publication) to 2035, with the half-year and ISO
    week buckets the BI marts use. -#}
with

days as (

    {{ date_series('1995-01-01', '2035-12-31') }}

)

select
    cast(date_day as date) as date_day,
    cast(extract(year from date_day) as integer) as year,
    cast(case when extract(month from date_day) <= 6 then 1 else 2 end as integer) as half_year,
    cast({{ half_year_start('date_day') }} as date) as half_year_start,
    cast(extract(quarter from date_day) as integer) as quarter,
    cast(extract(month from date_day) as integer) as month,
    cast({{ week_start('date_day') }} as date) as week_start,
    cast(extract(isodow from date_day) as integer) as iso_day_of_week
from days
