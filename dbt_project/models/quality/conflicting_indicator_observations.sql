{#- For reviewers: every report of an indicator observation whose sources disagree (or one article
    states two values), side by side with its sentence and URL, so the right value can be found
    and the extractor or the source corrected. Conflicts stay in the marts, flagged; this lists them. -#}
with

facts as (

    select * from {{ ref('int_indicator_facts_conformed') }}

),

conflicts as (

    select observation_key from {{ ref('int_indicator_observations_grouped') }}
    where has_conflicting_values

),

articles as (

    select
        article_id,
        url
    from {{ ref('int_articles_latest_parse') }}

)

select
    facts.observation_key,
    facts.province_code,
    facts.indicator_code,
    facts.admin_level,
    facts.year,
    facts.kind,
    facts.unit,
    facts.value,
    facts.value_high,
    facts.article_value_count,
    facts.article_id,
    articles.url as article_url,
    facts.published_date,
    facts.sentence
from facts
inner join conflicts on facts.observation_key = conflicts.observation_key
left join articles on facts.article_id = articles.article_id
