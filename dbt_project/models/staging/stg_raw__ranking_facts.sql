{#- Ranking facts of each article's latest extractor version, typed and checked (see
    stg_raw__indicator_facts for the quarantine convention). A missing component means the
    overall rank. The steps all fact kinds share: macros/fact_kinds.sql (staged_facts). -#}

{%- set ranking_strings %}
        lower(trim(source.ranking)) as ranking_code,
        coalesce(lower(trim(source.component)), 'overall') as component_code
{% endset -%}

{%- set ranking_numerics %}
        cast(source.rank as integer) as rank,
        cast(source.out_of as integer) as out_of,
        cast(source.year as integer) as year,
        cast(source.change as integer) as rank_change,
        cast(source.score as double precision) as score,
        -- the scale the score was printed on (1, 1000, 240...); null in rows loaded before it existed
        cast(source.score_scale as double precision) as score_scale
{% endset -%}

{%- set taxonomy_joins %}
    left join {{ ref('ref_rankings') }} as rankings
        on renamed.ranking_code = rankings.ranking_code
    left join {{ ref('ref_ranking_components') }} as components
        on renamed.component_code = components.component_code
{% endset -%}

{{ staged_facts(
    raw_table='ranking_facts',
    kind_strings=ranking_strings,
    kind_numerics=ranking_numerics,
    kind_checks={
        'unknown ranking code': 'rankings.ranking_code is null',
        'unknown component code': 'components.component_code is null',
        'missing rank': 'renamed.rank is null',
        'rank outside 1..out_of': 'renamed.rank < 1 or renamed.rank > coalesce(renamed.out_of, ' ~ var('max_provinces_ranked') ~ ')',
        'out_of above the number of provinces': 'renamed.out_of > ' ~ var('max_provinces_ranked'),
        'score scale not positive': 'renamed.score_scale <= 0',
        'score above its scale': 'renamed.score > renamed.score_scale',
    },
    year_checks={
        'implausible year': 'renamed.year < ' ~ var('min_fact_year') ~ ' or renamed.year > extract(year from current_date)',
    },
    taxonomy_joins=taxonomy_joins,
) }}
