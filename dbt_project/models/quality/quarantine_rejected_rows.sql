{#- Every quarantined row in one place, in the shape an alert needs: what kind of row, which
    reason, the offending value as text, the evidence sentence and the article URL. -#}
with

indicators as (

    select
        'indicator_fact' as row_kind, fact_id as row_id, article_id, article_url, quarantine_reason,
        indicator_code as code, cast(value as {{ dbt.type_string() }}) as offending_value, sentence, run_id, loaded_at
    from {{ ref('quarantine_indicator_facts') }}

),

rankings as (

    select
        'ranking_fact' as row_kind, fact_id as row_id, article_id, article_url, quarantine_reason,
        ranking_code as code,
        cast(rank as {{ dbt.type_string() }}) || '/' || coalesce(cast(out_of as {{ dbt.type_string() }}), '?') as offending_value,
        sentence, run_id, loaded_at
    from {{ ref('quarantine_ranking_facts') }}

),

incidents as (

    select
        'incident_fact' as row_kind, fact_id as row_id, article_id, article_url, quarantine_reason,
        incident_type as code, cast(incident_count as {{ dbt.type_string() }}) as offending_value, sentence, run_id, loaded_at
    from {{ ref('quarantine_incident_facts') }}

),

articles as (

    select
        'article' as row_kind, article_id as row_id, article_id, article_url, quarantine_reason,
        source_id as code, reported_province_code as offending_value, cast(null as {{ dbt.type_string() }}) as sentence,
        run_id, loaded_at
    from {{ ref('quarantine_articles') }}

)

select * from indicators
union all
select * from rankings
union all
select * from incidents
union all
select * from articles
