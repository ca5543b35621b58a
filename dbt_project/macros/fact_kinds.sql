{#- The steps the three fact kinds (indicator, ranking, incident) share, one macro per step, so the
    rules of a step cannot drift between kinds: staging (type, check), the latest extractor
    version's facts (incremental), the analysts' decisions applied, the published facts conformed
    to provinces and repost groups. Each model is a call with what is its own: its raw table or
    models, its columns, its checks, its grain. quarantined_facts (macros/quarantined_facts.sql)
    and observation_stats (macros/observation_stats.sql) are the two other such steps.

    Kind-specific column blocks are passed as SQL text (a model's `{% set %}` block), listed
    without a trailing comma; each macro puts them between the shared columns in the order the
    models always had, so the tables keep their column order. -#}


{#- stg_raw__<kind>_facts: the raw rows of each article's latest extractor version, typed, renamed
    and checked. Every row is kept; rejection_reason lists the failed checks in order: the kind's
    own (`kind_checks`), the province, the year (`year_checks`). `taxonomy_joins` joins the seeds
    the kind's checks read (the province seed, `provinces`, is joined here). -#}
{% macro staged_facts(raw_table, kind_strings, kind_numerics, kind_checks, year_checks, taxonomy_joins, kind_dates=none) %}
with

source as (

    select * from {{ source('raw', raw_table) }}

),

latest_version as (

    {{ latest_extractor_version() }}

),

renamed as (

    select
        -- ids
        source.fact_id,
        source.article_id,
        nullif(trim(source.province_code), '') as fact_province_code,
        source.run_id,

        -- strings
        {{ kind_strings | trim }},
        {{ nfc('source.sentence') }} as sentence,
        -- why the confidence is below 1 ("a; b"); null from extractors that do not say
        nullif(trim({{ nfc('source.uncertainty') }}), '') as uncertainty,
        source.extractor_version,
        -- provenance of the page when it was read from a web archive (null when fetched live)
        source.capture_url,

        -- numerics
        {{ kind_numerics | trim }},
        cast(source.char_start as integer) as char_start,
        cast(source.char_end as integer) as char_end,
        cast(source.confidence as double precision) as confidence,

        -- dates and timestamps
        {% if kind_dates %}{{ kind_dates | trim }},{% endif %}
        source.extracted_at,
        source.loaded_at,
        cast(source.capture_timestamp as timestamp) as capture_timestamp

    from source
    inner join latest_version
        on source.article_id = latest_version.article_id
        and source.extractor_version = latest_version.extractor_version

),

checked as (

    {%- set checks = {} -%}
    {%- do checks.update(kind_checks) -%}
    {%- do checks.update({'unknown province code': 'renamed.fact_province_code is not null and provinces.province_code is null'}) -%}
    {%- do checks.update(year_checks) %}

    select
        renamed.*,
        {{ rejection_reasons(checks) }} as rejection_reason

    from renamed
    {{ taxonomy_joins | trim }}
    left join {{ ref('ref_provinces') }} as provinces
        on renamed.fact_province_code = provinces.province_code

)

select * from checked
{% endmacro %}


{#- int_<kind>_facts_latest_version: the staged facts of each article's latest extractor version
    (rejected rows included: they carry rejection_reason), stored so that a run recomputes only the
    articles whose raw rows arrived since the last run. Incremental with delete+insert on
    article_id: every recomputed article has ALL its rows replaced, so a re-extraction by a newer
    extractor version drops the older version's facts (the pre-hook deletes the rows of an article
    whose newest extraction has none of this kind). Articles with a rejected row are recomputed on
    every run, so a rejection that depends on the date or on a seed lifts without a full refresh.
    See macros/incremental_articles.sql. A column added to staging (e.g. `uncertainty`) is appended
    to the existing table: its older rows came from raw rows that did not have it, so null is
    their true value and no full refresh is needed. The config is set here, not in the models,
    because the pre-hook, the strategy and the `where` below only work together. -#}
{% macro latest_version_facts(staging_model) %}
{{ config(
    materialized='incremental',
    unique_key='article_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_articles_loaded_since_watermark() }}"
) }}

select facts.*
from {{ ref(staging_model) }} as facts
{% if is_incremental() %}
where facts.article_id in (
    {{ articles_loaded_since_watermark() }}
    -- rejections can lift without new raw rows (a year no longer in the future, a code added to a
    -- taxonomy seed): articles with a rejected row are rechecked on every run (a few per cent)
    union
    select article_id from {{ this }} where rejection_reason is not null
)
{% endif %}
{% endmacro %}


{#- int_<kind>_facts_reviewed: the entries of each article's latest extractor version with the
    analysts' decisions applied (docs/review.md), plus the facts of this kind they added; one row
    per entry, keyed by its stable entry_key (`entry_key`: the kind's *_entry_key macro on
    `facts`). The kind's own columns come in up to three blocks per side: `*_subject` (what the
    entry is about, after run_id), `*_measures` (its value, year..., after the capture columns),
    `*_periods` (after confidence; incidents only). On the extracted side a block reads `facts` and
    `decisions` (use corrected() for the fields a correction may replace), on the added side
    `added` (int_review_added_facts). `original_value`: the extractor's value, as double, kept
    when a correction replaced it. -#}
{% macro reviewed_facts(
    fact_type, latest_version_model, entry_key, original_value,
    extracted_subject, extracted_measures, added_subject, added_measures,
    extracted_periods=none, added_periods=none) %}
with

facts as (

    select facts.*, {{ entry_key }} as entry_key
    from {{ ref(latest_version_model) }} as facts

),

decisions as (

    select * from {{ ref('stg_raw__review_decisions') }}
    where action in ('accept', 'reject', 'correct') and is_effective

),

added as (

    select * from {{ ref('int_review_added_facts') }} where fact_type = '{{ fact_type }}'

),

added_keys as (

    select distinct entry_key from added where rejection_reason is null

),

extracted as (

    select
        facts.fact_id,
        facts.entry_key,
        facts.article_id,
        {{ corrected('facts.fact_province_code', 'decisions.province_code') }} as fact_province_code,
        facts.run_id,
        {{ extracted_subject | trim }},
        facts.sentence,
        facts.uncertainty,
        facts.extractor_version,
        facts.capture_timestamp,
        facts.capture_url,
        {{ extracted_measures | trim }},
        facts.char_start,
        facts.char_end,
        facts.confidence,
        {% if extracted_periods %}{{ extracted_periods | trim }},{% endif %}
        facts.extracted_at,
        facts.loaded_at,
        facts.rejection_reason,
        {{ review_status_of_entry() }} as review_status,
        case when decisions.action = 'correct' then {{ original_value }} end as original_value,
        decisions.decision_id,
        decisions.reviewer as reviewed_by,
        decisions.decided_at as reviewed_at,
        decisions.reason as review_reason
    from facts
    left join decisions on facts.entry_key = decisions.entry_key
    left join added_keys on facts.entry_key = added_keys.entry_key

),

added_facts as (

    select
        added.decision_id as fact_id,
        added.entry_key,
        added.article_id,
        added.fact_province_code,
        cast(null as {{ dbt.type_string() }}) as run_id,
        {{ added_subject | trim }},
        added.sentence,
        cast(null as {{ dbt.type_string() }}) as uncertainty,
        -- read by a person, not an extractor
        'manual' as extractor_version,
        cast(null as timestamp) as capture_timestamp,
        cast(null as {{ dbt.type_string() }}) as capture_url,
        {{ added_measures | trim }},
        added.char_start,
        added.char_end,
        cast(null as double precision) as confidence,
        {% if added_periods %}{{ added_periods | trim }},{% endif %}
        added.decided_at as extracted_at,
        added.loaded_at,
        added.rejection_reason,
        'added' as review_status,
        cast(null as double precision) as original_value,
        added.decision_id,
        added.reviewer as reviewed_by,
        added.decided_at as reviewed_at,
        added.reason as review_reason
    from added

)

select * from extracted
union all
select * from added_facts
{% endmacro %}


{#- int_<kind>_facts_conformed: the published entries of int_<kind>_facts_reviewed (clean, and
    accepted, corrected, added or at the publish threshold) conformed to provinces and repost
    groups, one row per observation per repost group: the fact's province is its own, else its
    article's; a repost's facts count for the group's canonical article (a person's decision
    first, then the canonical article's own extraction); the same fact stated twice in one article
    keeps its most confident sentence. `kind_columns` (reading `facts`) come after the province;
    `observation_key_columns` are the kind's grain without the article, `value_columns` what makes
    two reports of one key disagree; `repost_columns` the group's columns the kind's marts read
    (names repost_<x> for articles.group_<x>); `observation_id` names the row's key. -#}
{% macro conformed_facts(reviewed_model, observation_id, kind_columns, observation_key_columns, value_columns, repost_columns) %}
with

facts as (

    select * from {{ ref(reviewed_model) }}
    where rejection_reason is null
        -- published facts only: the clean ones below the threshold go to mart_extraction_review,
        -- unless a person accepted or corrected them; rejected ones go nowhere (docs/review.md)
        and {{ is_published_entry('review_status', 'confidence') }}

),

articles as (

    select * from {{ ref('int_articles_reposts_grouped') }}

),

conformed as (

    select
        facts.fact_id,
        articles.canonical_article_id as article_id,
        facts.article_id as extracted_from_article_id,
        articles.canonical_source_id as source_id,
        articles.canonical_published_date as published_date,
        coalesce(facts.fact_province_code, articles.canonical_province_code) as province_code,
        {{ kind_columns | trim }},
        facts.confidence,
        facts.uncertainty,
        facts.sentence,
        facts.char_start,
        facts.char_end,
        facts.extractor_version,
        facts.capture_timestamp,
        facts.capture_url,
        facts.extracted_at,
        facts.entry_key,
        facts.review_status,
        facts.original_value,
        facts.reviewed_by,
        facts.reviewed_at,
        facts.review_reason,
        {%- for column in repost_columns %}
        articles.{{ column | replace('repost_', 'group_', 1) }} as {{ column }},
        {%- endfor %}
        facts.article_id = articles.canonical_article_id as is_from_canonical_article
    from facts
    inner join articles on facts.article_id = articles.article_id
    where facts.fact_province_code is not null or not articles.canonical_has_unknown_province

),

keyed as (

    select
        {{ surrogate_key(observation_key_columns) }} as observation_key,
        conformed.*
    from conformed

),

values_in_article as (

    -- the same key stated with different values within one article (or its reposts) is a conflict too
    select observation_key, article_id, count(distinct value_signature) as article_value_count
    from (select observation_key, article_id, {{ surrogate_key(value_columns) }} as value_signature from keyed) as signed
    group by observation_key, article_id

),

ranked as (

    select
        {{ surrogate_key(['keyed.observation_key', 'keyed.article_id']) }} as {{ observation_id }},
        keyed.*,
        values_in_article.article_value_count,
        row_number() over (
            partition by keyed.observation_key, keyed.article_id
            -- a person's decision first, then the canonical article's own extraction
            order by case when keyed.review_status = 'machine' then 1 else 0 end, keyed.is_from_canonical_article desc, keyed.confidence desc nulls last, keyed.char_start, keyed.fact_id
        ) as position_in_article
    from keyed
    inner join values_in_article
        on keyed.observation_key = values_in_article.observation_key
        and keyed.article_id = values_in_article.article_id

)

select * from ranked where position_in_article = 1
{% endmacro %}


{#- The review queue's shape (int_unpublished_facts_unioned, int_review_queue_entries): one entry of
    any kind as fact_code, component_code, kind, year, admin_level, value, value_high, unit, out_of,
    period_start, period_end, then its evidence (sentence, offsets, confidence, uncertainty,
    extractor version, extraction time). `relation` is the alias of an int_<kind>_facts_* model
    (reviewed or conformed: both have the kind's columns under the same names). Aliased so the
    union's first branch names the columns; the other branches ignore the aliases. -#}
{% macro review_entry_columns(fact_type, relation) -%}
    {%- set r = relation ~ '.' if relation else '' -%}
    {%- set text = dbt.type_string() -%}
    {%- if fact_type == 'indicator' -%}
        {{ r }}indicator_code as fact_code, cast(null as {{ text }}) as component_code,
        {{ r }}kind, {{ r }}year, {{ r }}admin_level,
        {{ r }}value, {{ r }}value_high, {{ r }}unit, cast(null as integer) as out_of,
        cast(null as date) as period_start, cast(null as date) as period_end,
    {%- elif fact_type == 'ranking' -%}
        {{ r }}ranking_code as fact_code, {{ r }}component_code,
        cast(null as {{ text }}) as kind, {{ r }}year, cast(null as {{ text }}) as admin_level,
        cast({{ r }}rank as double precision) as value, cast(null as double precision) as value_high, 'rank' as unit, {{ r }}out_of,
        cast(null as date) as period_start, cast(null as date) as period_end,
    {%- elif fact_type == 'incident' -%}
        {{ r }}incident_type as fact_code, cast(null as {{ text }}) as component_code,
        cast(null as {{ text }}) as kind, cast(extract(year from {{ r }}period_start) as integer) as year,
        cast(null as {{ text }}) as admin_level,
        cast({{ r }}incident_count as double precision) as value, cast(null as double precision) as value_high, {{ r }}unit,
        cast(null as integer) as out_of,
        cast({{ r }}period_start as date) as period_start, cast({{ r }}period_end as date) as period_end,
    {%- else -%}
        {{ exceptions.raise_compiler_error("review_entry_columns: unknown fact_type " ~ fact_type ~ " (indicator, ranking or incident)") }}
    {%- endif %}
        {{ r }}sentence, {{ r }}char_start, {{ r }}char_end, {{ r }}confidence, {{ r }}uncertainty,
        {{ r }}extractor_version, {{ r }}extracted_at
{%- endmacro %}


{#- int_review_queue_entries: the published entries of one kind that nobody reviewed and whose
    observation is reported with different values (int_<kind>_observations_grouped), in the review
    queue's shape with the article the sentence comes from and the canonical article it counts for. -#}
{% macro conflicting_unreviewed_entries(fact_type, conformed_model, observations_model) -%}
    select
        '{{ fact_type }}' as fact_type, facts.fact_id, facts.entry_key, facts.extracted_from_article_id as article_id,
        facts.article_id as canonical_article_id, facts.province_code,
        {{ review_entry_columns(fact_type, 'facts') }}
    from {{ ref(conformed_model) }} as facts
    inner join {{ ref(observations_model) }} as observations
        on facts.observation_key = observations.observation_key
    where observations.has_conflicting_values and facts.review_status = 'machine'
{%- endmacro %}
