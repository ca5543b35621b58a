{#- The only place adapter-specific SQL lives. Each macro has a DuckDB and a PostgreSQL form. -#}

{# Unicode NFC normalisation of a text expression (Vietnamese text arrives in NFC or NFD). #}
{% macro nfc(expression) -%}
    {{ return(adapter.dispatch('nfc', 'vnict')(expression)) }}
{%- endmacro %}
{% macro default__nfc(expression) -%} nfc_normalize({{ expression }}) {%- endmacro %}
{% macro postgres__nfc(expression) -%} normalize({{ expression }}, NFC) {%- endmacro %}

{# Ordered, delimited aggregation of text values into one string (lists of article or source ids). #}
{% macro string_agg_ordered(expression, delimiter=",", order_by=none) -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'vnict')(expression, delimiter, order_by)) }}
{%- endmacro %}
{% macro default__string_agg_ordered(expression, delimiter, order_by) -%}
    string_agg({{ expression }}, '{{ delimiter }}' order by {{ order_by or expression }})
{%- endmacro %}

{# A deterministic text key from several columns (nulls are distinct from empty strings). #}
{% macro surrogate_key(columns) -%}
    md5({%- for column in columns -%}
        coalesce(cast({{ column }} as {{ dbt.type_string() }}), '~null~'){% if not loop.last %} || '|' || {% endif %}
    {%- endfor -%})
{%- endmacro %}

{# One row per calendar day between two ISO dates (inclusive), column date_day. #}
{% macro date_series(start_date, end_date) -%}
    {{ return(adapter.dispatch('date_series', 'vnict')(start_date, end_date)) }}
{%- endmacro %}
{% macro default__date_series(start_date, end_date) -%}
    select cast(generate_series as date) as date_day
    from generate_series(timestamp '{{ start_date }}', timestamp '{{ end_date }}', interval 1 day)
{%- endmacro %}
{% macro postgres__date_series(start_date, end_date) -%}
    select cast(day_timestamp as date) as date_day
    from generate_series(timestamp '{{ start_date }}', timestamp '{{ end_date }}', interval '1 day') as days(day_timestamp)
{%- endmacro %}

{# First day of the half-year a date falls in (1 January or 1 July). #}
{% macro half_year_start(date_expression) -%}
    case when extract(month from {{ date_expression }}) <= 6
         then {{ make_date_portable('extract(year from ' ~ date_expression ~ ')', 1) }}
         else {{ make_date_portable('extract(year from ' ~ date_expression ~ ')', 7) }}
    end
{%- endmacro %}

{% macro make_date_portable(year_expression, month_number, day_number=1) -%}
    make_date(cast({{ year_expression }} as integer), {{ month_number }}, {{ day_number }})
{%- endmacro %}

{# Monday of the ISO week a date or timestamp falls in, as a date. #}
{% macro week_start(expression) -%}
    cast(date_trunc('week', {{ expression }}) as date)
{%- endmacro %}

{# The reference year for "years remaining": the as_of_year var, else the current year. #}
{% macro as_of_year() -%}
    {%- if var('as_of_year') is not none -%} {{ var('as_of_year') }}
    {%- else -%} cast(extract(year from current_date) as integer)
    {%- endif -%}
{%- endmacro %}

{# Last day of the half-year a date falls in (30 June or 31 December). #}
{% macro half_year_end(date_expression) -%}
    case when extract(month from {{ date_expression }}) <= 6
         then {{ make_date_portable('extract(year from ' ~ date_expression ~ ')', 6, 30) }}
         else {{ make_date_portable('extract(year from ' ~ date_expression ~ ')', 12, 31) }}
    end
{%- endmacro %}
