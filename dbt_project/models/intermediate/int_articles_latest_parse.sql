{#- Each article's latest parse (stg_raw__articles), stored so that a run recomputes only the
    articles whose raw rows (a parse, or facts of a new extraction) arrived since the last run.
    Incremental with delete+insert on article_id, the natural key: a recomputed article's row is
    replaced, a new article's row is added. Repost groups are NOT decided here (a repost changes
    rows of other articles): int_articles_reposts_grouped recomputes them from this table.
    See macros/incremental_articles.sql. A column added to staging (the capture provenance) is
    appended: older rows were live fetches, so null is their true value. -#}
{{ config(
    materialized='incremental',
    unique_key='article_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns'
) }}

select articles.*
from {{ ref('stg_raw__articles') }} as articles
{% if is_incremental() %}
where articles.article_id in ({{ articles_loaded_since_watermark() }})
{% endif %}
