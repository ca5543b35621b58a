with

indicators as (

    select * from {{ ref('ref_indicators') }}

)

select
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(name_en as {{ dbt.type_string() }}) as indicator_name_en,
    cast(name_vi as {{ dbt.type_string() }}) as indicator_name_vi,
    cast(typical_phrases_vi as {{ dbt.type_string() }}) as typical_phrases_vi,
    cast(higher_is_better as boolean) as higher_is_better
from indicators
