{#- What waits for an analyst, in one shape: the entries below the publish threshold that nobody
    reviewed (int_unpublished_facts_unioned), and the published entries nobody reviewed whose
    observation is reported with different values (two values for one province, indicator, year:
    by two articles, or twice in one), so a person decides which is right. One row per entry;
    an entry is on one side only (unpublished or published). The queue's shape:
    macros/fact_kinds.sql (review_entry_columns). -#}
with

below_threshold as (

    select
        unpublished.*,
        'below the publish threshold' as queue_reason
    from {{ ref('int_unpublished_facts_unioned') }} as unpublished

),

conflicts as (

    {{ conflicting_unreviewed_entries('indicator', 'int_indicator_facts_conformed', 'int_indicator_observations_grouped') }}

    union all

    {{ conflicting_unreviewed_entries('ranking', 'int_ranking_facts_conformed', 'int_ranking_observations_grouped') }}

    union all

    {{ conflicting_unreviewed_entries('incident', 'int_incident_facts_conformed', 'int_incident_observations_grouped') }}

)

select * from below_threshold
union all
select
    conflicts.*,
    'conflicts with another report' as queue_reason
from conflicts
