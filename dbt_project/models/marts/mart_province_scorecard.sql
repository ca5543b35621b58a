{#- Grain: province × indicator × admin level × unit. The latest actual value of each indicator
    per province (latest year; within it the most recent report), with its source and the
    province's national rank on it among the provinces reporting that indicator. -#}
with

actuals as (

    {{ most_recent_report(ref('fct_indicator_observations'),
        "kind = 'actual' and province_code is not null and year is not null") }}

),

latest as (

    select
        actuals.*,
        row_number() over (
            partition by province_code, indicator_code, admin_level, unit
            order by year desc, published_date desc nulls last
        ) as year_recency
    from actuals

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

provinces as (

    select * from {{ ref('dim_province') }}

),

ranked as (

    select
        latest.*,
        indicators.indicator_name_en,
        indicators.indicator_name_vi,
        indicators.higher_is_better,
        rank() over (
            partition by latest.indicator_code, latest.admin_level, latest.unit
            order by case when indicators.higher_is_better then latest.value else -latest.value end desc
        ) as national_rank,
        count(*) over (partition by latest.indicator_code, latest.admin_level, latest.unit) as provinces_reporting
    from latest
    inner join indicators on latest.indicator_code = indicators.indicator_code
    where latest.year_recency = 1

)

select
    cast({{ surrogate_key(['ranked.province_code', 'ranked.indicator_code', 'ranked.admin_level', 'ranked.unit']) }} as {{ dbt.type_string() }}) as scorecard_id,
    cast(ranked.province_code as {{ dbt.type_string() }}) as province_code,
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name,
    cast(provinces.region as {{ dbt.type_string() }}) as region,
    cast(provinces.successor_province_code as {{ dbt.type_string() }}) as successor_province_code,
    cast(ranked.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(ranked.indicator_name_en as {{ dbt.type_string() }}) as indicator_name_en,
    cast(ranked.indicator_name_vi as {{ dbt.type_string() }}) as indicator_name_vi,
    cast(ranked.admin_level as {{ dbt.type_string() }}) as admin_level,
    cast(ranked.unit as {{ dbt.type_string() }}) as unit,
    cast(ranked.year as integer) as latest_year,
    cast(ranked.value as double precision) as value,
    cast(ranked.value_high as double precision) as value_high,
    cast(ranked.qualifier as {{ dbt.type_string() }}) as qualifier,
    cast(ranked.article_id as {{ dbt.type_string() }}) as article_id,
    cast(ranked.source_id as {{ dbt.type_string() }}) as source_id,
    cast(ranked.published_date as date) as published_date,
    cast(ranked.sentence as {{ dbt.type_string() }}) as sentence,
    cast(ranked.observation_source_count as bigint) as source_count,
    cast(ranked.has_conflicting_values as boolean) as has_conflicting_values,
    cast(ranked.national_rank as integer) as national_rank,
    cast(ranked.provinces_reporting as integer) as provinces_reporting
from ranked
inner join provinces on ranked.province_code = provinces.province_code
