{#- The extractor version whose facts count for each article: the version of its most recent
    extraction across all three fact tables and the article's own parse record (which names the
    extractor it ran). Taken across tables so that when a newer extractor finds no incident (or
    no fact at all) in an article, the older version's facts stop counting instead of lingering.
    "Most recent" by time, because version strings do not sort ("0.10" < "0.9" as text); ties
    fall back to the version string. -#}
{% macro latest_extractor_version() -%}
    select article_id, extractor_version
    from (
        select
            article_id,
            extractor_version,
            row_number() over (
                partition by article_id
                order by max(extracted_at) desc nulls last, extractor_version desc
            ) as version_recency
        from (
            select article_id, extractor_version, extracted_at from {{ source('raw', 'indicator_facts') }}
            union all
            select article_id, extractor_version, extracted_at from {{ source('raw', 'ranking_facts') }}
            union all
            select article_id, extractor_version, extracted_at from {{ source('raw', 'incident_facts') }}
            union all
            select article_id, extractor_version, parsed_at as extracted_at from {{ source('raw', 'articles') }}
            where extractor_version is not null
        ) as extractions
        group by article_id, extractor_version
    ) as versions
    where version_recency = 1
{%- endmacro %}

{#- Joins the reasons a row is rejected into one text ("a; b"), null when the row is clean. -#}
{% macro rejection_reasons(checks) -%}
    nullif(concat_ws('; ',
    {%- for reason, condition in checks.items() %}
        case when {{ condition }} then '{{ reason }}' end{% if not loop.last %},{% endif %}
    {%- endfor %}
    ), '')
{%- endmacro %}
