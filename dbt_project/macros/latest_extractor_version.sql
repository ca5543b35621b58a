{#- Keeps only the facts of the latest extractor version per article: when the extractor improves,
    an article is re-extracted and the older version's facts are superseded, not added.
    "Latest" is the version of the most recent extraction (version strings do not sort reliably:
    "0.10" < "0.9" as text); ties fall back to the version string. -#}
{% macro latest_extractor_version(relation) -%}
    select article_id, extractor_version
    from (
        select
            article_id,
            extractor_version,
            row_number() over (
                partition by article_id
                order by max(extracted_at) desc nulls last, extractor_version desc
            ) as version_recency
        from {{ relation }}
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
