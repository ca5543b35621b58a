{#- Grain: province (null = national) × half-year × incident type × unit (what was counted:
    affected units, web portals, attacks…; counts of different units are never added). Each distinct incident report
    (observation) counts once, with its most recent value; a report is bucketed by the half-year
    its period starts in (by its article's publication date when the period is unknown), and
    reports covering more than that half-year (a whole year) are counted separately so the two
    kinds are never silently added. -#}
with

incidents as (

    {{ most_recent_report(ref('fct_security_incidents')) }}

),

bucketed as (

    select
        incidents.*,
        {{ half_year_start('coalesce(period_start, published_date)') }} as half_year_start,
        period_start is null as is_dated_by_publication,
        period_end is not null and period_end > {{ half_year_end('coalesce(period_start, published_date)') }} as spans_beyond_half_year
    from incidents
    where coalesce(period_start, published_date) is not null

),

incident_types as (

    select * from {{ ref('ref_incident_types') }}

),

provinces as (

    select
        province_code,
        province_name
    from {{ ref('dim_province') }}

),

aggregated as (

    select
        province_code,
        half_year_start,
        incident_type,
        unit,
        count(*) as report_count,
        sum(case when not spans_beyond_half_year then incident_count else 0 end) as half_year_incident_count,
        sum(case when spans_beyond_half_year then incident_count else 0 end) as longer_period_incident_count,
        max(incident_count) as max_reported_count,
        sum(case when is_dated_by_publication then 1 else 0 end) as dated_by_publication_count,
        sum(observation_source_count) as source_mentions,
        max(case when has_conflicting_values then 1 else 0 end) as any_conflict
    from bucketed
    group by province_code, half_year_start, incident_type, unit

)

select
    cast({{ surrogate_key(['aggregated.province_code', 'aggregated.half_year_start', 'aggregated.incident_type', 'aggregated.unit']) }} as {{ dbt.type_string() }}) as incident_period_id,
    cast(aggregated.province_code as {{ dbt.type_string() }}) as province_code,
    cast(aggregated.province_code is null as boolean) as is_national,
    cast(aggregated.half_year_start as date) as half_year_start,
    cast(cast(extract(year from aggregated.half_year_start) as integer) as {{ dbt.type_string() }})
    || '-H' || case when extract(month from aggregated.half_year_start) = 1 then '1' else '2' end as half_year_label,
    cast(extract(year from aggregated.half_year_start) as integer) as year,
    cast(aggregated.incident_type as {{ dbt.type_string() }}) as incident_type,
    cast(incident_types.name_en as {{ dbt.type_string() }}) as incident_type_name_en,
    cast(incident_types.name_vi as {{ dbt.type_string() }}) as incident_type_name_vi,
    cast(aggregated.report_count as bigint) as report_count,
    cast(aggregated.half_year_incident_count as bigint) as half_year_incident_count,
    cast(aggregated.longer_period_incident_count as bigint) as longer_period_incident_count,
    cast(aggregated.max_reported_count as bigint) as max_reported_count,
    cast(aggregated.dated_by_publication_count as bigint) as dated_by_publication_count,
    cast(aggregated.source_mentions as bigint) as source_mentions,
    cast(aggregated.any_conflict = 1 as boolean) as has_conflicting_values,
    -- appended last: the contract's column order is the table's (additive for existing readers)
    cast(aggregated.unit as {{ dbt.type_string() }}) as unit,
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name
from aggregated
inner join incident_types on aggregated.incident_type = incident_types.incident_type
left join provinces on aggregated.province_code = provinces.province_code
