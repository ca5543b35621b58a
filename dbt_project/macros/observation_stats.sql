{#- Folds the per-article rows of facts into observations: the same fact (same observation_key)
    reported by several articles, and by the reposts of each, becomes one observation with its
    number of sources and articles, first and last seen dates, the ids of every article, and
    how many distinct values were reported (more than one = conflicting, flagged, never averaged).

    conformed: a relation with observation_key, article_id (canonical article of a repost group)
    and the columns named in value_columns. -#}
{% macro observation_stats(conformed, value_columns) -%}
    with

    reports as (

        select
            conformed.observation_key,
            {{ surrogate_key(value_columns) }} as value_signature,
            conformed.article_value_count,
            members.article_id as member_article_id,
            members.source_id as member_source_id,
            members.seen_date as member_seen_date
        from {{ conformed }} as conformed
        inner join {{ ref('int_articles_reposts_grouped') }} as members
            on conformed.article_id = members.canonical_article_id

    ),

    member_articles as (

        select distinct observation_key, member_article_id from reports

    ),

    member_sources as (

        select distinct observation_key, member_source_id from reports

    ),

    article_lists as (

        select
            observation_key,
            count(*) as observation_article_count,
            {{ string_agg_ordered('member_article_id', ',') }} as observation_article_ids
        from member_articles
        group by observation_key

    ),

    source_lists as (

        select
            observation_key,
            count(*) as observation_source_count,
            {{ string_agg_ordered('member_source_id', ',') }} as observation_source_ids
        from member_sources
        group by observation_key

    ),

    dates_and_values as (

        select
            observation_key,
            min(member_seen_date) as observation_first_seen_date,
            max(member_seen_date) as observation_last_seen_date,
            count(distinct value_signature) as distinct_value_count,
            max(article_value_count) as max_article_value_count
        from reports
        group by observation_key

    )

    select
        dates_and_values.observation_key,
        cast(article_lists.observation_article_count as bigint) as observation_article_count,
        cast(source_lists.observation_source_count as bigint) as observation_source_count,
        dates_and_values.observation_first_seen_date,
        dates_and_values.observation_last_seen_date,
        cast(dates_and_values.distinct_value_count as bigint) as distinct_value_count,
        dates_and_values.distinct_value_count > 1 or dates_and_values.max_article_value_count > 1 as has_conflicting_values,
        article_lists.observation_article_ids,
        source_lists.observation_source_ids
    from dates_and_values
    inner join article_lists on dates_and_values.observation_key = article_lists.observation_key
    inner join source_lists on dates_and_values.observation_key = source_lists.observation_key
{%- endmacro %}

{#- One row per observation_key from a fact mart at article grain: the most recent report
    (latest published, then most confident). Used where BI needs one value per key; the
    has_conflicting_values flag travels with it so a disagreement stays visible. -#}
{% macro most_recent_report(relation, where=none) -%}
    select *
    from (
        select
            reports.*,
            row_number() over (
                partition by observation_key
                order by published_date desc nulls last, confidence desc nulls last, article_id
            ) as report_recency
        from {{ relation }} as reports
        {% if where %}where {{ where }}{% endif %}
    ) as ranked_reports
    where report_recency = 1
{%- endmacro %}
