{#- The facts analysts added by hand (action add in review/decisions.csv), placed in their article:
    the evidence sentence is looked up in the article's latest body for its offsets. An added fact
    whose article is not in the warehouse, or whose sentence is not in the article, carries a
    rejection_reason: it is not published and mart_review_decisions reports why. Its entry_key is
    computed like an extracted entry's (macros/review.sql), so when a later extractor finds the same
    fact, the two are recognised as one (the added fact stands). -#}
with

decisions as (

    select * from {{ ref('stg_raw__review_decisions') }}
    where action = 'add'

),

articles as (

    select
        article_id,
        province_code,
        body_text
    from {{ ref('int_articles_latest_parse') }}

),

located as (

    select
        decisions.decision_id,
        decisions.fact_type,
        decisions.article_id,
        -- like an extracted entry: the fact's own province, else its article's
        coalesce(decisions.province_code, articles.province_code) as fact_province_code,
        decisions.fact_code,
        case when decisions.fact_type = 'ranking' then coalesce(decisions.component_code, 'overall') end as component_code,
        decisions.kind,
        decisions.admin_level,
        decisions.year,
        decisions.value,
        decisions.value_high,
        decisions.unit,
        decisions.out_of,
        decisions.period_start,
        decisions.period_end,
        decisions.sentence,
        case when articles.article_id is not null then strpos(articles.body_text, decisions.sentence) - 1 end as char_start,
        decisions.reviewer,
        decisions.decided_at,
        decisions.reason,
        decisions.loaded_at,
        case
            when articles.article_id is null then 'article not in the warehouse'
            when strpos(articles.body_text, decisions.sentence) = 0 then 'evidence sentence not found in the article'
        end as rejection_reason
    from decisions
    left join articles on decisions.article_id = articles.article_id

),

{%- set columns = ['decision_id', 'fact_type', 'article_id', 'fact_province_code', 'fact_code', 'component_code',
    'kind', 'admin_level', 'year', 'value', 'value_high', 'unit', 'out_of', 'period_start', 'period_end', 'sentence',
    'char_start', 'reviewer', 'decided_at', 'reason', 'loaded_at', 'rejection_reason'] %}

keyed as (

    select {% for column in columns %}facts.{{ column }}, {% endfor %}{{ indicator_entry_key('facts') }} as entry_key
    from (select
        located.*,
        fact_code as indicator_code
    from located
    where fact_type = 'indicator') as facts
    union all
    select {% for column in columns %}facts.{{ column }}, {% endfor %}{{ ranking_entry_key('facts') }} as entry_key
    from (select
        located.*,
        fact_code as ranking_code,
        cast(value as integer) as rank
    from located
    where fact_type = 'ranking') as facts
    union all
    select {% for column in columns %}facts.{{ column }}, {% endfor %}{{ incident_entry_key('facts') }} as entry_key
    from (
        select
            located.*,
            fact_code as incident_type,
            value as incident_count,
            cast(null as {{ dbt.type_string() }}) as target
        from located
        where fact_type = 'incident'
    ) as facts

)

select
    decision_id,
    fact_type,
    article_id,
    fact_province_code,
    fact_code,
    component_code,
    kind,
    admin_level,
    year,
    value,
    value_high,
    unit,
    out_of,
    period_start,
    period_end,
    sentence,
    char_start,
    char_start + length(sentence) as char_end,
    entry_key,
    reviewer,
    decided_at,
    reason,
    loaded_at,
    rejection_reason
from keyed
