{#- Custom schema names are used verbatim (staging, intermediate, audit, quality, reference):
    the publish step and BI tools address these schemas by name, so no target prefix. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
