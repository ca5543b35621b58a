{#- Analysts' review (docs/review.md): the stable identity of an extracted entry, and how a
    decision changes an entry. One macro per kind for the identity, used for the extractor's
    entries and for the facts analysts add, so both are keyed the same way. -#}

{#- entry_key: 16 hex characters of md5(article | kind of fact | subject columns | ordinal).
    The subject says what the entry is about (code, province, level, year, target/actual...);
    offsets, confidence, value and extractor version are left out, so a re-extraction that reads
    the same fact again gets the same key. The ordinal (1, 2, ...) separates entries of one
    article with the same subject, numbered in order of their value, then of their position. -#}
{% macro entry_key(article_id, fact_type, subject_columns, order_by) -%}
    {%- set ordinal = 'row_number() over (partition by ' ~ ([article_id] + subject_columns) | join(', ')
        ~ ' order by ' ~ order_by ~ ')' -%}
    substr({{ surrogate_key([article_id, "'" ~ fact_type ~ "'"] + subject_columns + [ordinal]) }}, 1, 16)
{%- endmacro %}

{% macro indicator_entry_key(facts) -%}
    {{ entry_key(facts ~ '.article_id', 'indicator', [
        facts ~ '.indicator_code', facts ~ '.fact_province_code', "coalesce(" ~ facts ~ ".admin_level, 'all')",
        facts ~ '.year', facts ~ '.kind', "coalesce(" ~ facts ~ ".unit, 'pct')"],
        facts ~ '.value, ' ~ facts ~ '.value_high, ' ~ facts ~ '.char_start') }}
{%- endmacro %}

{% macro ranking_entry_key(facts) -%}
    {{ entry_key(facts ~ '.article_id', 'ranking', [
        facts ~ '.ranking_code', facts ~ '.component_code', facts ~ '.fact_province_code', facts ~ '.year'],
        facts ~ '.rank, ' ~ facts ~ '.out_of, ' ~ facts ~ '.char_start') }}
{%- endmacro %}

{% macro incident_entry_key(facts) -%}
    {{ entry_key(facts ~ '.article_id', 'incident', [
        facts ~ '.incident_type', facts ~ '.fact_province_code', facts ~ '.period_start', facts ~ '.period_end',
        facts ~ '.target', facts ~ '.unit'],
        facts ~ '.incident_count, ' ~ facts ~ '.char_start') }}
{%- endmacro %}

{#- The entry's column after the analyst's decision: a correction that gives this field replaces
    it; every other decision (and a correction that leaves it empty) keeps the extractor's. -#}
{% macro corrected(column, decided_column) -%}
    case when decisions.action = 'correct' and {{ decided_column }} is not null then {{ decided_column }} else {{ column }} end
{%- endmacro %}

{#- review_status of an extracted entry from its decision (none: machine). An entry an analyst
    also added by hand (same identity) is superseded by the added fact. -#}
{% macro review_status_of_entry() -%}
    case
        when added_keys.entry_key is not null then 'superseded'
        when decisions.action = 'accept' then 'accepted'
        when decisions.action = 'reject' then 'rejected'
        when decisions.action = 'correct' then 'corrected'
        else 'machine'
    end
{%- endmacro %}
