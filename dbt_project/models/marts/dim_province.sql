{#- The 63 provinces in force from 2008-08-01 to 2025-06-30 with their 2025 successor among the
    34, so any fact can be rolled up to either map. -#}
with

provinces as (

    select * from {{ ref('ref_provinces') }}

)

select
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(province_name as {{ dbt.type_string() }}) as province_name,
    cast(province_type as {{ dbt.type_string() }}) as province_type,
    cast(region_code as {{ dbt.type_string() }}) as region,
    cast(region_name_en as {{ dbt.type_string() }}) as region_name_en,
    cast(region_name_vi as {{ dbt.type_string() }}) as region_name_vi,
    cast(successor_province_code as {{ dbt.type_string() }}) as successor_province_code,
    cast(successor_province_name as {{ dbt.type_string() }}) as successor_province_name,
    cast(is_unchanged_in_2025 as boolean) as is_unchanged_in_2025,
    cast(valid_from as date) as valid_from,
    cast(valid_to as date) as valid_to
from provinces
