{#- Every analyst decision (one row per line of review/decisions.csv) and what became of it at this
    build: applied to an entry of the latest extraction, superseded by a later decision on the same
    entry, an orphan (no entry has its entry_key any more: the extractor no longer reads that fact,
    or reads it with another subject), or not applied (its entry is quarantined, or an added fact's
    article or sentence is missing). Nothing is dropped silently: needs_attention rows are the
    ones an analyst must look at again; the quality gate warns about them. Also the source of the
    review-throughput chart (decisions per day). -#}
with

decisions as (

    select * from {{ ref('stg_raw__review_decisions') }}

),

groups as (

    select
        article_id,
        canonical_has_unknown_province
    from {{ ref('int_articles_reposts_grouped') }}

),

entries as (

    {% for kind, code in [('indicator', 'indicator_code'), ('ranking', 'ranking_code'), ('incident', 'incident_type')] %}
        select
            '{{ kind }}' as fact_type, reviewed.entry_key, reviewed.article_id, reviewed.{{ code }} as fact_code,
            reviewed.fact_province_code as province_code,
            {% if kind == 'incident' %}cast(extract(year from reviewed.period_start) as integer) as year{% else %}reviewed.year{% endif %},
            cast({% if kind == 'indicator' %}reviewed.value{% elif kind == 'ranking' %}reviewed.rank{% else %}reviewed.incident_count{% endif %} as double precision) as value,
            reviewed.original_value, reviewed.sentence, reviewed.extractor_version, reviewed.review_status,
            reviewed.decision_id as applied_decision_id,
            coalesce(reviewed.rejection_reason, case
                when groups.article_id is null then 'article not loaded'
                when reviewed.fact_province_code is null and groups.canonical_has_unknown_province then 'unknown article province code'
            end) as quarantine_reason
        from {{ ref('int_' ~ kind ~ '_facts_reviewed') }} as reviewed
        left join groups on reviewed.article_id = groups.article_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

extracted_entries as (

    select * from entries
    where review_status <> 'added'

),

added_entries as (

    select * from entries
    where review_status = 'added'

),

judged as (

    select
        decisions.*,
        coalesce(added_entries.entry_key, extracted_entries.entry_key) as matched_entry_key,
        coalesce(added_entries.fact_type, extracted_entries.fact_type) as matched_fact_type,
        coalesce(added_entries.article_id, extracted_entries.article_id) as matched_article_id,
        coalesce(added_entries.fact_code, extracted_entries.fact_code) as matched_fact_code,
        coalesce(added_entries.province_code, extracted_entries.province_code) as matched_province_code,
        coalesce(added_entries.year, extracted_entries.year) as matched_year,
        coalesce(extracted_entries.original_value, extracted_entries.value) as machine_value,
        coalesce(added_entries.value, extracted_entries.value) as published_value,
        coalesce(added_entries.sentence, extracted_entries.sentence) as matched_sentence,
        extracted_entries.extractor_version as entry_extractor_version,
        case
            when decisions.action = 'add' and added_entries.quarantine_reason is null then 'applied'
            when decisions.action = 'add' then 'not_applied'
            when not decisions.is_effective then 'superseded'
            when extracted_entries.entry_key is null then 'orphan'
            when extracted_entries.quarantine_reason is not null then 'not_applied'
            when extracted_entries.review_status = 'superseded' then 'not_applied'
            else 'applied'
        end as decision_status,
        case
            when decisions.action = 'add' then added_entries.quarantine_reason
            when not decisions.is_effective then 'a later decision on the same entry counts'
            when extracted_entries.entry_key is null
                then 'no entry of the latest extraction has this entry_key: the extractor no longer reads this fact with this subject'
            when extracted_entries.quarantine_reason is not null
                then 'the entry is quarantined: ' || extracted_entries.quarantine_reason
            when extracted_entries.review_status = 'superseded' then 'the same fact was added by hand; the added fact counts'
        end as status_reason
    from decisions
    left join added_entries
        on decisions.action = 'add' and decisions.decision_id = added_entries.applied_decision_id
    left join extracted_entries
        on decisions.action <> 'add' and decisions.entry_key = extracted_entries.entry_key

),

articles as (

    select
        article_id,
        url
    from {{ ref('int_articles_latest_parse') }}

)

select
    cast(judged.decision_id as {{ dbt.type_string() }}) as decision_id,
    cast(judged.line_number as integer) as line_number,
    cast(judged.source_file as {{ dbt.type_string() }}) as source_file,
    cast(judged.action as {{ dbt.type_string() }}) as action,
    cast(coalesce(judged.entry_key, judged.matched_entry_key) as {{ dbt.type_string() }}) as entry_key,
    cast(judged.decision_status as {{ dbt.type_string() }}) as decision_status,
    cast(judged.decision_status in ('orphan', 'not_applied') as boolean) as needs_attention,
    cast(judged.status_reason as {{ dbt.type_string() }}) as status_reason,
    cast(judged.reviewer as {{ dbt.type_string() }}) as reviewer,
    cast(judged.decided_at as timestamp) as decided_at,
    cast(judged.decided_at as date) as decided_date,
    cast(judged.reason as {{ dbt.type_string() }}) as reason,
    cast(coalesce(judged.matched_fact_type, judged.fact_type) as {{ dbt.type_string() }}) as fact_type,
    cast(coalesce(judged.matched_article_id, judged.article_id) as {{ dbt.type_string() }}) as article_id,
    cast(articles.url as {{ dbt.type_string() }}) as article_url,
    cast(coalesce(judged.matched_fact_code, judged.fact_code) as {{ dbt.type_string() }}) as fact_code,
    cast(coalesce(judged.matched_province_code, judged.province_code) as {{ dbt.type_string() }}) as province_code,
    cast(coalesce(judged.matched_year, judged.year) as integer) as year,
    cast(judged.machine_value as double precision) as machine_value,
    cast(judged.value as double precision) as decided_value,
    cast(
        case when judged.decision_status = 'applied' and judged.action <> 'reject' then judged.published_value end
        as double precision
    ) as published_value,
    cast(coalesce(judged.matched_sentence, judged.sentence) as {{ dbt.type_string() }}) as sentence,
    cast(judged.entry_extractor_version as {{ dbt.type_string() }}) as entry_extractor_version
from judged
left join articles on coalesce(judged.matched_article_id, judged.article_id) = articles.article_id
