{#- Grain: one plan target (province × indicator × admin level × unit × target year), next to
    the closest actual for the same province/indicator/level/unit: nearest year; on a tie the
    earlier year, the one inside the plan period (did the province meet it by the deadline?). Attainment is actual/target (target/actual when lower is better), in percent.
    Like for like only: an actual in another unit (a count against a percentage target) is never
    compared, only flagged (has_actual_in_other_unit). target_status says what a reader may
    conclude: met, missed (deadline passed, not met by an actual of the deadline year or later),
    unknown_at_deadline (deadline passed, the only comparable actuals are older and below it),
    in_progress (not yet due, not yet met) or no_data (no comparable actual); years_remaining is never negative (null once the deadline passed). -#}
with

targets as (

    {{ most_recent_report(ref('fct_indicator_observations'), "kind = 'target' and province_code is not null") }}

),

actuals as (

    {{ most_recent_report(ref('fct_indicator_observations'), "kind = 'actual' and province_code is not null and year is not null") }}

),

indicators as (

    select
        indicator_code,
        indicator_name_en,
        indicator_name_vi,
        higher_is_better
    from {{ ref('dim_indicator') }}

),

candidates as (

    select
        targets.observation_key as target_key,
        actuals.value as actual_value,
        actuals.year as actual_year,
        actuals.article_id as actual_article_id,
        actuals.has_conflicting_values as actual_has_conflicting_values,
        row_number() over (
            partition by targets.observation_key
            -- a plan without a year is compared with the latest actual
            order by abs(coalesce(targets.year, 9999) - actuals.year) asc, actuals.year asc, actuals.published_date desc
        ) as closeness
    from targets
    inner join actuals
        on
            targets.province_code = actuals.province_code
            and targets.indicator_code = actuals.indicator_code
            and targets.admin_level = actuals.admin_level
            and targets.unit = actuals.unit

),

closest as (

    select * from candidates
    where closeness = 1

),

other_unit as (

    select distinct targets.observation_key as target_key
    from targets
    inner join actuals
        on
            targets.province_code = actuals.province_code
            and targets.indicator_code = actuals.indicator_code
            and targets.admin_level = actuals.admin_level
            and targets.unit <> actuals.unit

),

compared as (

    select
        targets.*,
        indicators.indicator_name_en,
        indicators.indicator_name_vi,
        indicators.higher_is_better,
        closest.actual_value,
        closest.actual_year,
        closest.actual_article_id,
        closest.actual_has_conflicting_values,
        other_unit.target_key is not null as has_actual_in_other_unit
    from targets
    inner join indicators on targets.indicator_code = indicators.indicator_code
    left join closest on targets.observation_key = closest.target_key
    left join other_unit on targets.observation_key = other_unit.target_key

)

select
    cast(observation_key as {{ dbt.type_string() }}) as target_id,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(indicator_name_en as {{ dbt.type_string() }}) as indicator_name_en,
    cast(indicator_name_vi as {{ dbt.type_string() }}) as indicator_name_vi,
    cast(admin_level as {{ dbt.type_string() }}) as admin_level,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(year as integer) as target_year,
    cast(value as double precision) as target_value,
    cast(article_id as {{ dbt.type_string() }}) as target_article_id,
    cast(sentence as {{ dbt.type_string() }}) as target_sentence,
    cast(actual_year as integer) as actual_year,
    cast(actual_value as double precision) as actual_value,
    cast(actual_article_id as {{ dbt.type_string() }}) as actual_article_id,
    cast(
        case
            when actual_value is null or value is null then null
            when higher_is_better and value <> 0 then round(cast(100.0 * actual_value / value as numeric), 1)
            when not higher_is_better and actual_value <> 0 then round(cast(100.0 * value / actual_value as numeric), 1)
        end
        as double precision
    ) as attainment_pct,
    cast(
        case
            when actual_value is null then null
            when higher_is_better then actual_value >= value
            else actual_value <= value
        end
        as boolean
    ) as is_met,
    cast(case when year >= {{ as_of_year() }} then year - {{ as_of_year() }} end as integer) as years_remaining,
    cast(coalesce(has_conflicting_values, false) or coalesce(actual_has_conflicting_values, false) as boolean) as has_conflicting_values,
    -- appended last: the contract's column order is the table's (additive for existing readers)
    cast(
        case
            when actual_value is null then 'no_data'
            when (higher_is_better and actual_value >= value) or (not higher_is_better and actual_value <= value) then 'met'
            -- a passed deadline is judged only on an actual of the deadline year or later
            when year < {{ as_of_year() }} and actual_year >= year then 'missed'
            when year < {{ as_of_year() }} then 'unknown_at_deadline'
            else 'in_progress'
        end
        as {{ dbt.type_string() }}
    ) as target_status,
    cast(year < {{ as_of_year() }} as boolean) as is_deadline_passed,
    cast(has_actual_in_other_unit as boolean) as has_actual_in_other_unit
from compared
