{#- The review queue: one row per extracted entry (indicator, ranking or incident) whose extractor
    confidence is below the publish threshold, so it is not in the fact marts. Nothing extracted is
    lost: each entry keeps its article (link and title), sentence and offsets, value, confidence
    and the extractor's reasons for doubt, for analysts to check and BI to show.
    Since the review loop (docs/review.md): only entries nobody decided on yet, plus the published
    entries whose observation is reported with conflicting values (queue_reason), each with the
    entry_key a decision names, and ordered by impact (queue_position: an entry that would change a
    province scorecard first). -#}
with

facts as (

    select * from {{ ref('int_review_queue_entries') }}

),

scorecard as (

    select
        province_code,
        indicator_code,
        admin_level,
        unit,
        latest_year
    from {{ ref('mart_province_scorecard') }}

),

impacts as (

    -- what publishing (or correcting) the entry would change, most visible first
    select
        facts.*,
        case
            when
                facts.fact_type = 'indicator' and facts.kind = 'actual' and facts.province_code is not null
                and facts.year is not null and (scorecard.latest_year is null or facts.year >= scorecard.latest_year)
                then 1
            when facts.fact_type = 'indicator' and facts.kind = 'target' and facts.province_code is not null then 2
            when facts.fact_type = 'ranking' then 3
            when facts.fact_type = 'incident' then 4
            else 5
        end as impact_order
    from facts
    left join scorecard
        on
            facts.fact_type = 'indicator'
            and facts.province_code = scorecard.province_code
            and facts.fact_code = scorecard.indicator_code
            and coalesce(facts.admin_level, 'all') = scorecard.admin_level
            and coalesce(facts.unit, 'pct') = scorecard.unit

),

queued as (

    select
        impacts.*,
        row_number() over (
            order by
                impacts.impact_order asc, case when impacts.queue_reason = 'below the publish threshold' then 1 else 0 end asc,
                impacts.year desc nulls last, impacts.confidence desc nulls last, impacts.fact_id asc
        ) as queue_position
    from impacts

),

articles as (

    select * from {{ ref('int_articles_latest_parse') }}

),

provinces as (

    select * from {{ ref('ref_provinces') }}

),

names as (

    select
        'indicator' as fact_type,
        indicator_code as fact_code,
        cast(null as {{ dbt.type_string() }}) as component_code,
        name_en,
        name_vi
    from {{ ref('ref_indicators') }}
    union all
    select
        'ranking' as fact_type,
        rankings.ranking_code as fact_code,
        components.component_code,
        rankings.name_en || ' — ' || components.name_en as name_en,
        rankings.name_vi || ' — ' || components.name_vi as name_vi
    from {{ ref('ref_rankings') }} as rankings
    cross join {{ ref('ref_ranking_components') }} as components
    union all
    select
        'incident' as fact_type,
        incident_type as fact_code,
        null as component_code,
        name_en,
        name_vi
    from {{ ref('ref_incident_types') }}

)

select
    cast(facts.fact_id as {{ dbt.type_string() }}) as fact_id,
    cast(facts.fact_type as {{ dbt.type_string() }}) as fact_type,
    cast(facts.article_id as {{ dbt.type_string() }}) as article_id,
    cast(facts.canonical_article_id as {{ dbt.type_string() }}) as canonical_article_id,
    cast(articles.url as {{ dbt.type_string() }}) as article_url,
    cast(articles.title as {{ dbt.type_string() }}) as article_title,
    cast(articles.source_id as {{ dbt.type_string() }}) as source_id,
    cast(articles.published_date as date) as published_date,
    cast(facts.province_code as {{ dbt.type_string() }}) as province_code,
    cast(provinces.province_name as {{ dbt.type_string() }}) as province_name,
    cast(facts.fact_code as {{ dbt.type_string() }}) as fact_code,
    cast(facts.component_code as {{ dbt.type_string() }}) as component_code,
    cast(names.name_en as {{ dbt.type_string() }}) as fact_name_en,
    cast(names.name_vi as {{ dbt.type_string() }}) as fact_name_vi,
    cast(facts.kind as {{ dbt.type_string() }}) as kind,
    cast(facts.year as integer) as year,
    cast(facts.admin_level as {{ dbt.type_string() }}) as admin_level,
    cast(facts.value as double precision) as value,
    cast(facts.value_high as double precision) as value_high,
    cast(facts.unit as {{ dbt.type_string() }}) as unit,
    cast(facts.out_of as integer) as out_of,
    cast(facts.period_start as date) as period_start,
    cast(facts.period_end as date) as period_end,
    cast(facts.sentence as {{ dbt.type_string() }}) as sentence,
    cast(facts.char_start as integer) as char_start,
    cast(facts.char_end as integer) as char_end,
    cast(facts.confidence as double precision) as confidence,
    cast(facts.uncertainty as {{ dbt.type_string() }}) as uncertainty,
    cast(facts.extractor_version as {{ dbt.type_string() }}) as extractor_version,
    cast(facts.extracted_at as timestamp) as extracted_at,
    {{ publish_min_confidence() }} as publish_min_confidence,
    cast(facts.entry_key as {{ dbt.type_string() }}) as entry_key,
    cast(facts.queue_reason as {{ dbt.type_string() }}) as queue_reason,
    cast(facts.impact_order as integer) as impact_order,
    cast(case facts.impact_order
        when 1 then 'would change a province scorecard'
        when 2 then 'would change plans versus results'
        when 3 then 'would change an ICT ranking'
        when 4 then 'would change incident counts'
        else 'an older or national figure'
    end as {{ dbt.type_string() }}) as impact,
    cast(facts.queue_position as bigint) as queue_position
from queued as facts
inner join articles on facts.article_id = articles.article_id
left join provinces on facts.province_code = provinces.province_code
left join names
    on
        facts.fact_type = names.fact_type
        and facts.fact_code = names.fact_code
        and coalesce(facts.component_code, '~') = coalesce(names.component_code, '~')
