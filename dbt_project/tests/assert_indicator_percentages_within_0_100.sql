-- Percentages reaching the marts are within 0..100 (staging quarantines the others).
select
    indicator_observation_id,
    value,
    value_high
from {{ ref('fct_indicator_observations') }}
where unit = 'pct' and (value < 0 or value > 100 or value_high > 100)
