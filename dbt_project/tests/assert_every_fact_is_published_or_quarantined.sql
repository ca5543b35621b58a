-- Every raw fact of an article's latest extractor version is either clean (and so in a fact
-- mart, see assert_every_clean_indicator_fact_reaches_the_mart, or below the publish threshold and
-- in mart_extraction_review, see assert_every_unpublished_fact_is_in_review) or quarantined with
-- a reason.
{% for kind in ['indicator', 'ranking', 'incident'] %}
    select
        '{{ kind }}' as fact_type,
        staged.fact_id
    from {{ ref('stg_raw__' ~ kind ~ '_facts') }} as staged
    left join {{ ref('quarantine_' ~ kind ~ '_facts') }} as quarantined on staged.fact_id = quarantined.fact_id
    left join {{ ref('int_articles_reposts_grouped') }} as articles on staged.article_id = articles.article_id
    where (
        staged.rejection_reason is not null
        or articles.article_id is null
        or (staged.fact_province_code is null and articles.canonical_has_unknown_province)
    )
    and quarantined.fact_id is null
    {% if not loop.last %}union all{% endif %}
{% endfor %}
