{#- The publish threshold: facts whose extractor confidence is at least the var
    publish_min_confidence reach the fact marts; the clean facts below it (or without a
    confidence) go to mart_extraction_review instead. Both sides use these two macros, so every
    clean fact is on exactly one side. warehouse/dbt_runner.py passes the var from
    warehouse/settings.py (PUBLISH_MIN_CONFIDENCE, env VNICT_PUBLISH_MIN_CONFIDENCE). -#}

{#- The threshold in force, as a SQL literal (double precision), checked to be within 0..1. -#}
{% macro publish_min_confidence() -%}
    {%- set threshold = var('publish_min_confidence') -%}
    {%- if threshold is string -%}
        {%- set threshold = threshold | float(-1) -%}
    {%- endif -%}
    {%- if threshold is not number or threshold < 0 or threshold > 1 -%}
        {{ exceptions.raise_compiler_error(
            "var publish_min_confidence must be a number between 0 and 1, got " ~ var('publish_min_confidence')
            ~ "; set VNICT_PUBLISH_MIN_CONFIDENCE (warehouse/settings.py) or --vars '{publish_min_confidence: 0.7}'") }}
    {%- endif -%}
    cast({{ threshold }} as double precision)
{%- endmacro %}

{#- True when a fact with this confidence is published; false below the threshold or when the
    confidence is missing (an unknown confidence is not a high one). -#}
{% macro is_published_confidence(confidence) -%}
    coalesce({{ confidence }} >= {{ publish_min_confidence() }}, false)
{%- endmacro %}

{#- True when a reviewed entry (int_*_facts_reviewed) is published: a person accepted, corrected or
    added it (whatever its confidence), or nobody reviewed it and its confidence reaches the
    threshold. Rejected and superseded entries are never published. docs/review.md -#}
{% macro is_published_entry(review_status, confidence) -%}
    ({{ review_status }} in ('accepted', 'corrected', 'added')
        or ({{ review_status }} = 'machine' and {{ is_published_confidence(confidence) }}))
{%- endmacro %}

{#- True when an entry waits in the review queue for its confidence: nobody reviewed it yet and
    its confidence is below the threshold (or missing). -#}
{% macro is_awaiting_review(review_status, confidence) -%}
    ({{ review_status }} = 'machine' and not {{ is_published_confidence(confidence) }})
{%- endmacro %}
