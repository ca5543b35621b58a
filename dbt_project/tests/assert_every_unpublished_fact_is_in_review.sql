-- Nothing below the publish threshold is lost: every clean fact of a loaded article (any kind)
-- whose confidence is below publish_min_confidence, or missing, is in mart_extraction_review;
-- and the review mart holds nothing at or above the threshold (that is published instead) except
-- the published entries it lists for their conflicting values. Entries a person decided on
-- (docs/review.md) are out of the queue: accepted and corrected ones are published, rejected ones
-- are neither.
{% for kind in ['indicator', 'ranking', 'incident'] %}
    select
        '{{ kind }}' as fact_type,
        staged.fact_id,
        'below the threshold but not in review' as problem
    from {{ ref('int_' ~ kind ~ '_facts_reviewed') }} as staged
    inner join {{ ref('int_articles_reposts_grouped') }} as articles on staged.article_id = articles.article_id
    left join {{ ref('mart_extraction_review') }} as review on staged.fact_id = review.fact_id
    where
        staged.rejection_reason is null
        and staged.review_status = 'machine'
        and (staged.fact_province_code is not null or not articles.canonical_has_unknown_province)
        and not {{ is_published_confidence('staged.confidence') }}
        and review.fact_id is null
    union all
{% endfor %}
select
    fact_type,
    fact_id,
    'at or above the threshold but in review' as problem
from {{ ref('mart_extraction_review') }}
where {{ is_published_confidence('confidence') }} and queue_reason = 'below the publish threshold'
