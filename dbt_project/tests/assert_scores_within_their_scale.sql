-- Scores reaching the marts are within their scale: score_normalised in 0..1 (staging quarantines
-- a scale that is not positive and a score above its scale).
select
    ranking_observation_id,
    score,
    score_scale,
    score_normalised
from {{ ref('fct_ict_rankings') }}
where score_normalised < 0 or score_normalised > 1
