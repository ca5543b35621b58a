{#- Helpers for the per-article incremental models (int_*_latest_*). Each such model holds only
    rows derived from an article's raw rows, and an incremental run replaces ALL rows of every
    article that received raw rows (a parse, or facts of any extractor version in any of the three
    fact tables) loaded after the model's watermark: the largest loaded_at it already holds. A
    watermark that is too low only recomputes more articles (idempotent), never fewer. -#}

{#- The watermark of the model being built: the largest loaded_at it holds (the epoch when empty,
    so an empty table picks up everything). -#}
{% macro incremental_watermark(column='loaded_at') -%}
    (select coalesce(max({{ column }}), cast('1900-01-01 00:00:00' as timestamp)) from {{ this }})
{%- endmacro %}

{#- The ids of the articles with any raw row loaded after the watermark. -#}
{% macro articles_loaded_since_watermark(column='loaded_at') -%}
    {%- set watermark = incremental_watermark(column) -%}
    select article_id from {{ source('raw', 'articles') }} where loaded_at > {{ watermark }}
    union
    select article_id from {{ source('raw', 'indicator_facts') }} where loaded_at > {{ watermark }}
    union
    select article_id from {{ source('raw', 'ranking_facts') }} where loaded_at > {{ watermark }}
    union
    select article_id from {{ source('raw', 'incident_facts') }} where loaded_at > {{ watermark }}
{%- endmacro %}

{#- Pre-hook of the per-article fact models: before an incremental run, delete every row of the
    articles loaded since the watermark. delete+insert on article_id then replaces the rows of the
    articles the run recomputes; this hook also covers an article whose newest extraction has no
    fact of this kind any more (it contributes no row to the batch, so delete+insert alone would
    keep its older version's facts). Plain SQL, the same on every adapter. -#}
{% macro delete_articles_loaded_since_watermark(column='loaded_at') -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where article_id in ({{ articles_loaded_since_watermark(column) }})
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
