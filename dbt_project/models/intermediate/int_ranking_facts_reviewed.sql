{#- The ranking entries of each article's latest extractor version with the analysts' decisions
    applied, plus the rankings they added (see int_indicator_facts_reviewed; a ranking's value is
    its rank, original_value the rank the extractor read). The steps all fact kinds share:
    macros/fact_kinds.sql (reviewed_facts). -#}

{%- set extracted_subject %} -- noqa: LT02
        {{ corrected('facts.ranking_code', 'decisions.fact_code') }} as ranking_code,
        {{ corrected('facts.component_code', 'decisions.component_code') }} as component_code
{% endset -%}

{%- set extracted_measures %} -- noqa: LT02
        {{ corrected('facts.rank', 'cast(decisions.value as integer)') }} as rank,
        {{ corrected('facts.out_of', 'decisions.out_of') }} as out_of,
        {{ corrected('facts.year', 'decisions.year') }} as year,
        facts.rank_change,
        facts.score,
        facts.score_scale
{% endset -%}

{%- set added_subject %}
        added.fact_code as ranking_code,
        added.component_code
{% endset -%}

{%- set added_measures %}
        cast(added.value as integer) as rank,
        added.out_of,
        added.year,
        cast(null as integer) as rank_change,
        cast(null as double precision) as score,
        cast(null as double precision) as score_scale
{% endset -%}

{{ reviewed_facts(
    fact_type='ranking',
    latest_version_model='int_ranking_facts_latest_version',
    entry_key=ranking_entry_key('facts'),
    original_value='cast(facts.rank as double precision)',
    extracted_subject=extracted_subject,
    extracted_measures=extracted_measures,
    added_subject=added_subject,
    added_measures=added_measures,
) }}
