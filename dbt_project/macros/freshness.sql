{#- Freshness, one definition for every reader (dim_source, mart_source_health, the quality gate's
    source_fresh check, the Pipeline health dashboard): from publication dates.

    A source's silence starts at its newest publication date, or at the day it was first crawled
    when that is later: silence before we watched the source says nothing about whether it still
    publishes (a mirror or an archive of old articles is not stale on its first run). The source
    is fresh until silence start + expected_publish_interval_days (scrapers/sources.yaml, default
    in warehouse/settings.py) and stale after that day. A source with neither a publication nor a
    crawl is not judged (null). docs/contracts.md, "Freshness". -#}
{% macro silence_start_date(last_published_date, first_crawled_date) -%}
    case
        when {{ last_published_date }} is null then {{ first_crawled_date }}
        when {{ first_crawled_date }} is null then {{ last_published_date }}
        when {{ first_crawled_date }} > {{ last_published_date }} then {{ first_crawled_date }}
        else {{ last_published_date }}
    end
{%- endmacro %}

{% macro fresh_until_date(last_published_date, first_crawled_date, interval_days) -%}
    cast({{ dbt.dateadd('day', interval_days, silence_start_date(last_published_date, first_crawled_date)) }} as date)
{%- endmacro %}
