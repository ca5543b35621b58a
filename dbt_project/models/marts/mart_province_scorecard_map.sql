{#- Grain: province map (63 or 34) × scorecard row (province × indicator × admin level × unit),
    plus the colour-scale anchors of each map, indicator and unit. What the province scorecard's
    country map and table draw (Superset dataset bi_province_scorecard selects it as it is):

    - one headline value per province and indicator (is_headline_value): the indicator's own unit
      first, then all levels together, else the province level, else the closest level, then the
      latest year;
    - every scorecard row twice: on the 63-province map (before July 2025) and on the 34-province
      map, where map_value is the mean headline value of the successor's predecessor provinces
      (merged provinces share one colour);
    - Superset's country map spreads its colours between the smallest and largest value it is
      given, so 95 % and 97 % would be drawn as opposite colours: two rows per map, indicator and
      unit, keyed by codes that are on no map (SCALE-0, SCALE-100), pin the scale: 0 to 100 for a
      percentage, 0 to the largest value for a count. They have no province and every other chart
      leaves them out (is_scale_anchor).

    Labels are bilingual (English / Vietnamese) because the dashboard's filters and tables show
    them as they are. -#}
with

scorecard as (

    select * from {{ ref('mart_province_scorecard') }}

),

provinces as (

    select * from {{ ref('dim_province') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

sources as (

    select * from {{ ref('dim_source') }}

),

iso_codes as (

    -- the ISO code is a column of the one province list (seed ref_provinces)
    select
        province_code,
        iso_3166_2
    from {{ ref('ref_provinces') }}

),

labelled as (

    select
        scorecard.*,
        iso_codes.iso_3166_2,
        provinces.region_name_en || ' / ' || provinces.region_name_vi as region_label,
        provinces.successor_province_name,
        scorecard.indicator_name_en || ' / ' || scorecard.indicator_name_vi as indicator_label,
        -- a rank among the provinces that report the indicator at this level and unit, said as
        -- such: a province alone is not "rank 1 of 1"
        case
            when scorecard.provinces_reporting > 1
                then
                    cast(scorecard.national_rank as {{ dbt.type_string() }}) || ' of '
                    || cast(scorecard.provinces_reporting as {{ dbt.type_string() }}) || ' ranked / '
                    || cast(scorecard.national_rank as {{ dbt.type_string() }}) || ' trên '
                    || cast(scorecard.provinces_reporting as {{ dbt.type_string() }}) || ' tỉnh có số liệu'
            else 'Only province reporting: not ranked / Chỉ một tỉnh có số liệu: không xếp hạng'
        end as rank_label,
        coalesce(sources.source_name_en || ' / ' || sources.source_name_vi, scorecard.source_id) as source_label,
        row_number() over (
            partition by scorecard.province_code, scorecard.indicator_code
            order by
                case when scorecard.unit = indicators.unit then 0 else 1 end asc,
                case scorecard.admin_level when 'all' then 0 when 'province' then 1 when 'district' then 2 else 3 end asc,
                scorecard.latest_year desc,
                -- two units or levels alike in rank: any one, the same on every build
                scorecard.scorecard_id asc
        ) = 1 as is_headline_value
    from scorecard
    inner join provinces on scorecard.province_code = provinces.province_code
    inner join indicators on scorecard.indicator_code = indicators.indicator_code
    left join iso_codes on scorecard.province_code = iso_codes.province_code
    left join sources on scorecard.source_id = sources.source_id

),

maps as (

    select
        'Before July 2025: 63 provinces / Trước 7/2025: 63 tỉnh' as province_map,
        province_name as map_province_name,
        case when is_headline_value then value end as map_value,
        labelled.*
    from labelled

    union all

    select
        'From July 2025: 34 provinces / Từ 7/2025: 34 tỉnh' as province_map,
        successor_province_name as map_province_name,
        avg(case when is_headline_value then value end) over (partition by successor_province_code, indicator_code) as map_value,
        labelled.*
    from labelled

),

anchors as (

    select distinct
        province_map,
        indicator_code,
        indicator_label,
        unit
    from maps
    where map_value is not null

),

scale_bounds as (

    select 0.0 as anchor_value
    union all
    select 100.0 as anchor_value

),

map_rows as (

    select
        province_map,
        map_province_name,
        map_value,
        scorecard_id,
        province_code,
        province_name,
        region,
        successor_province_code,
        indicator_code,
        indicator_name_en,
        indicator_name_vi,
        admin_level,
        unit,
        latest_year,
        value,
        value_high,
        qualifier,
        article_id,
        source_id,
        published_date,
        sentence,
        source_count,
        has_conflicting_values,
        national_rank,
        provinces_reporting,
        iso_3166_2,
        region_label,
        successor_province_name,
        indicator_label,
        rank_label,
        source_label,
        is_headline_value,
        false as is_scale_anchor
    from maps

    union all

    select
        anchors.province_map,
        null as map_province_name,
        scale_bounds.anchor_value as map_value,
        null as scorecard_id,
        null as province_code,
        null as province_name,
        null as region,
        null as successor_province_code,
        anchors.indicator_code,
        null as indicator_name_en,
        null as indicator_name_vi,
        null as admin_level,
        anchors.unit,
        null as latest_year,
        null as value,
        null as value_high,
        null as qualifier,
        null as article_id,
        null as source_id,
        null as published_date,
        null as sentence,
        null as source_count,
        null as has_conflicting_values,
        null as national_rank,
        null as provinces_reporting,
        'SCALE-' || cast(cast(scale_bounds.anchor_value as integer) as {{ dbt.type_string() }}) as iso_3166_2,
        null as region_label,
        null as successor_province_name,
        anchors.indicator_label,
        null as rank_label,
        null as source_label,
        null as is_headline_value,
        true as is_scale_anchor
    from anchors
    cross join scale_bounds
    where scale_bounds.anchor_value = 0 or anchors.unit = 'pct'

)

select
    cast(province_map as {{ dbt.type_string() }}) as province_map,
    cast(map_province_name as {{ dbt.type_string() }}) as map_province_name,
    cast(map_value as double precision) as map_value,
    cast(scorecard_id as {{ dbt.type_string() }}) as scorecard_id,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(province_name as {{ dbt.type_string() }}) as province_name,
    cast(region as {{ dbt.type_string() }}) as region,
    cast(successor_province_code as {{ dbt.type_string() }}) as successor_province_code,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(indicator_name_en as {{ dbt.type_string() }}) as indicator_name_en,
    cast(indicator_name_vi as {{ dbt.type_string() }}) as indicator_name_vi,
    cast(admin_level as {{ dbt.type_string() }}) as admin_level,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(latest_year as integer) as latest_year,
    cast(value as double precision) as value,
    cast(value_high as double precision) as value_high,
    cast(qualifier as {{ dbt.type_string() }}) as qualifier,
    cast(article_id as {{ dbt.type_string() }}) as article_id,
    cast(source_id as {{ dbt.type_string() }}) as source_id,
    cast(published_date as date) as published_date,
    cast(sentence as {{ dbt.type_string() }}) as sentence,
    cast(source_count as bigint) as source_count,
    cast(has_conflicting_values as boolean) as has_conflicting_values,
    cast(national_rank as integer) as national_rank,
    cast(provinces_reporting as integer) as provinces_reporting,
    cast(iso_3166_2 as {{ dbt.type_string() }}) as iso_3166_2,
    cast(region_label as {{ dbt.type_string() }}) as region_label,
    cast(successor_province_name as {{ dbt.type_string() }}) as successor_province_name,
    cast(indicator_label as {{ dbt.type_string() }}) as indicator_label,
    cast(rank_label as {{ dbt.type_string() }}) as rank_label,
    cast(source_label as {{ dbt.type_string() }}) as source_label,
    cast(is_headline_value as boolean) as is_headline_value,
    cast(is_scale_anchor as boolean) as is_scale_anchor
from map_rows
