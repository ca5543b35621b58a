-- The pre-2025 map has 63 provinces and they roll up to exactly the 34 of 2025-07-01.
select
    count(*) as provinces,
    count(distinct successor_province_code) as successors
from {{ ref('dim_province') }}
having count(*) <> 63 or count(distinct successor_province_code) <> 34
