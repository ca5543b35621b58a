-- Nothing is dropped silently: every clean indicator fact of a loaded article whose confidence
-- reaches the publish threshold is represented in fct_indicator_observations (under its repost
-- group's canonical article); the clean ones below it are in mart_extraction_review
-- (assert_every_unpublished_fact_is_in_review); the unclean ones, and the facts of an article
-- naming an unknown province, are in quality.quarantine_indicator_facts. Since the review loop
-- (docs/review.md) the entries are read after the analysts' decisions: accepted, corrected and
-- added ones must be in the mart whatever their confidence (with the corrected fields), rejected
-- ones need not.
with

clean as (

    select
        facts.*,
        articles.canonical_article_id,
        articles.canonical_province_code
    from {{ ref('int_indicator_facts_reviewed') }} as facts
    inner join {{ ref('int_articles_reposts_grouped') }} as articles on facts.article_id = articles.article_id
    where
        facts.rejection_reason is null
        and {{ is_published_entry('facts.review_status', 'facts.confidence') }}
        and (facts.fact_province_code is not null or not articles.canonical_has_unknown_province)

)

select clean.fact_id
from clean
left join {{ ref('fct_indicator_observations') }} as observations
    on
        clean.canonical_article_id = observations.article_id
        and clean.indicator_code = observations.indicator_code
        and clean.kind = observations.kind
        and observations.admin_level = coalesce(clean.admin_level, 'all')
        and observations.unit = coalesce(clean.unit, 'pct')
        and coalesce(observations.year, -1) = coalesce(clean.year, -1)
        and coalesce(observations.province_code, '~') = coalesce(clean.fact_province_code, clean.canonical_province_code, '~')
where observations.indicator_observation_id is null
