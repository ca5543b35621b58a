{#- Grain: province × year × admin level. The share of online public services at level 3 or 4,
    computed only where the same province, year and level report both a numerator and a
    denominator as counts (a percentage is never mixed with a count):
    - numerator: the level-3/4 count reported together (online_services_l34), else level 3 plus
      level 4 when both are reported;
    - denominator: the administrative procedures offered (admin_procedures) when reported, else the
      services online at level 2 plus the numerator (every service online at level 2 or more),
      named in denominator_basis. No row when either side is missing. -#}
with

counts as (

    {{ most_recent_report(ref('fct_indicator_observations'),
        "kind = 'actual' and unit = 'count' and province_code is not null and year is not null
         and indicator_code in ('online_services_l2', 'online_services_l3', 'online_services_l4',
                                'online_services_l34', 'admin_procedures')") }}

),

pivoted as (

    select
        province_code,
        year,
        admin_level,
        max(case when indicator_code = 'online_services_l2' then value end) as level2_count,
        max(case when indicator_code = 'online_services_l3' then value end) as level3_count,
        max(case when indicator_code = 'online_services_l4' then value end) as level4_count,
        max(case when indicator_code = 'online_services_l34' then value end) as level34_reported_count,
        max(case when indicator_code = 'admin_procedures' then value end) as admin_procedure_count
    from counts
    group by province_code, year, admin_level

),

article_lists as (

    select
        province_code,
        year,
        admin_level,
        {{ string_agg_ordered('article_id', ',') }} as article_ids
    from (select distinct
        province_code,
        year,
        admin_level,
        article_id
    from counts) as distinct_articles
    group by province_code, year, admin_level

),

shares as (

    select
        pivoted.*,
        coalesce(level34_reported_count, level3_count + level4_count) as level34_count,
        case
            when admin_procedure_count is not null then admin_procedure_count
            when level2_count is not null then level2_count + coalesce(level34_reported_count, level3_count + level4_count)
        end as denominator_count,
        case
            when admin_procedure_count is not null then 'admin_procedures'
            when level2_count is not null then 'online_services_l2_to_l4'
        end as denominator_basis
    from pivoted

),

provinces as (

    select * from {{ ref('dim_province') }}

)

select
    cast({{ surrogate_key(['shares.province_code', 'shares.year', 'shares.admin_level']) }} as {{ dbt.type_string() }}) as online_services_share_id,
    cast(shares.province_code as {{ dbt.type_string() }}) as province_code,
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name,
    cast(provinces.region as {{ dbt.type_string() }}) as region,
    cast(shares.year as integer) as year,
    cast(shares.admin_level as {{ dbt.type_string() }}) as admin_level,
    cast(shares.level3_count as double precision) as level3_count,
    cast(shares.level4_count as double precision) as level4_count,
    cast(shares.level34_count as double precision) as level34_count,
    cast(shares.denominator_count as double precision) as denominator_count,
    cast(shares.denominator_basis as {{ dbt.type_string() }}) as denominator_basis,
    cast(round(cast(100.0 * shares.level34_count / shares.denominator_count as numeric), 1) as double precision) as level34_share_pct,
    cast(article_lists.article_ids as {{ dbt.type_string() }}) as article_ids
from shares
inner join provinces on shares.province_code = provinces.province_code
inner join article_lists
    on
        shares.province_code = article_lists.province_code
        and shares.year = article_lists.year
        and shares.admin_level = article_lists.admin_level
where
    shares.level34_count is not null
    and shares.denominator_count is not null
    and shares.denominator_count > 0
    and shares.level34_count <= shares.denominator_count
