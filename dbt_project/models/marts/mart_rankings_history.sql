{#- Grain: province × ranking × component × year: one rank per year (the most recent report),
    with the change against the previous year the province was ranked (positive = moved up),
    computed from the ranks when both years are known, else as stated by the article. -#}
with

rankings as (

    {{ most_recent_report(ref('fct_ict_rankings'), 'province_code is not null and year is not null') }}

),

with_previous as (

    select
        rankings.*,
        lag(rank) over (partition by province_code, ranking_code, component_code order by year) as previous_rank,
        lag(year) over (partition by province_code, ranking_code, component_code order by year) as previous_year
    from rankings

),

provinces as (

    select * from {{ ref('dim_province') }}

),

ranking_names as (

    select * from {{ ref('ref_rankings') }}

),

components as (

    select * from {{ ref('ref_ranking_components') }}

)

select
    cast(with_previous.observation_key as {{ dbt.type_string() }}) as ranking_history_id,
    cast(with_previous.province_code as {{ dbt.type_string() }}) as province_code,
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name,
    cast(provinces.region as {{ dbt.type_string() }}) as region,
    cast(with_previous.ranking_code as {{ dbt.type_string() }}) as ranking_code,
    cast(ranking_names.name_en as {{ dbt.type_string() }}) as ranking_name_en,
    cast(ranking_names.name_vi as {{ dbt.type_string() }}) as ranking_name_vi,
    cast(with_previous.component_code as {{ dbt.type_string() }}) as component_code,
    cast(components.name_en as {{ dbt.type_string() }}) as component_name_en,
    cast(components.name_vi as {{ dbt.type_string() }}) as component_name_vi,
    cast(with_previous.year as integer) as year,
    cast(with_previous.rank as integer) as rank,
    cast(with_previous.out_of as integer) as out_of,
    cast(with_previous.score as double precision) as score,
    cast(with_previous.previous_year as integer) as previous_year,
    cast(with_previous.previous_rank as integer) as previous_rank,
    cast(with_previous.rank_change as integer) as reported_rank_change,
    cast(
        case
            when with_previous.previous_rank is not null and with_previous.previous_year = with_previous.year - 1
                then with_previous.previous_rank - with_previous.rank
            else with_previous.rank_change
        end
        as integer
    ) as rank_change,
    cast(with_previous.article_id as {{ dbt.type_string() }}) as article_id,
    cast(with_previous.observation_source_count as bigint) as source_count,
    cast(with_previous.has_conflicting_values as boolean) as has_conflicting_values,
    -- appended last (the contract's column order is the table's): the score's scale and the score
    -- on 0..1, computed once in fct_ict_rankings
    cast(with_previous.score_scale as double precision) as score_scale,
    cast(with_previous.score_normalised as double precision) as score_normalised
from with_previous
inner join provinces on with_previous.province_code = provinces.province_code
inner join ranking_names on with_previous.ranking_code = ranking_names.ranking_code
inner join components on with_previous.component_code = components.component_code
