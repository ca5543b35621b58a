{#- Fails (or warns, per severity) with the number of rows in the model: used to surface
    quarantined rows in every build's results. -#}
{% test vnict_is_empty(model) %}
    select * from {{ model }}
{% endtest %}
