{#- The incident facts of each article's latest extractor version (stg_raw__incident_facts, rejected
    rows included: they carry rejection_reason), stored so that a run recomputes only the articles
    whose raw rows arrived since the last run. Incremental with delete+insert on article_id: every
    recomputed article has ALL its rows replaced, so a re-extraction by a newer extractor version
    drops the older version's facts (the pre-hook deletes the rows of an article whose newest
    extraction has none of this kind). Articles with a rejected row are recomputed on every run,
    so a rejection that depends on the date or on a seed lifts without a full refresh.
    See macros/incremental_articles.sql. A column added to staging (e.g. `uncertainty`) is appended
    to the existing table: its older rows came from raw rows that did not have it, so null is their
    true value and no full refresh is needed. -#}
{{ config(
    materialized='incremental',
    unique_key='article_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_articles_loaded_since_watermark() }}"
) }}

select facts.*
from {{ ref('stg_raw__incident_facts') }} as facts
{% if is_incremental() %}
where facts.article_id in (
    {{ articles_loaded_since_watermark() }}
    -- rejections can lift without new raw rows (a year no longer in the future, a code added to a
    -- taxonomy seed): articles with a rejected row are rechecked on every run (a few per cent)
    union
    select article_id from {{ this }} where rejection_reason is not null
)
{% endif %}
