-- Ranks reaching the marts are within 1..out_of, and out_of within the number of provinces.
select
    ranking_observation_id,
    rank,
    out_of
from {{ ref('fct_ict_rankings') }}
where rank < 1 or rank > coalesce(out_of, {{ var('max_provinces_ranked') }}) or out_of > {{ var('max_provinces_ranked') }}
