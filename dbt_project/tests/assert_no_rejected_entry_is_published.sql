-- An entry an analyst rejected (its latest decision, review/decisions.csv) is in no fact mart.
-- The quality gate checks the same thing independently on the audit marts (expectations/review.py).
with

rejected as (

    select entry_key from {{ ref('stg_raw__review_decisions') }}
    where action = 'reject' and is_effective

)

{% for mart in ['fct_indicator_observations', 'fct_ict_rankings', 'fct_security_incidents'] %}
    select
        '{{ mart }}' as mart,
        published.entry_key
    from {{ ref(mart) }} as published
    inner join rejected on published.entry_key = rejected.entry_key
    {% if not loop.last %}union all{% endif %}
{% endfor %}
