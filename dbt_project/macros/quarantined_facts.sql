{#- The facts of one kind kept out of the marts, with the reason: failed checks in staging, or
    facts whose article is not in the warehouse or names an unknown province (a fact without its
    evidence cannot be published). One macro for the three fact kinds, so the rules cannot drift;
    `fact_columns` are the kind's own columns, listed between the identifiers and the evidence. -#}
{% macro quarantined_facts(latest_version_model, fact_columns) %}
with

facts as (

    select * from {{ ref(latest_version_model) }}

),

articles as (

    select stg.article_id, stg.url, groups.canonical_has_unknown_province
    from {{ ref('int_articles_latest_parse') }} as stg
    inner join {{ ref('int_articles_reposts_grouped') }} as groups on stg.article_id = groups.article_id

),

rejected as (

    select
        facts.*,
        articles.url as article_url,
        coalesce(
            facts.rejection_reason,
            case
                when articles.article_id is null then 'article not loaded'
                when facts.fact_province_code is null and articles.canonical_has_unknown_province
                    then 'unknown article province code'
            end
        ) as quarantine_reason
    from facts
    left join articles on facts.article_id = articles.article_id

)

select
    fact_id, article_id, article_url, quarantine_reason,
    {{ fact_columns | join(', ') }},
    sentence, char_start, char_end, extractor_version, run_id, extracted_at, loaded_at
from rejected
where quarantine_reason is not null
{% endmacro %}
