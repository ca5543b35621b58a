"""Read what the review command shows from the published marts: the queue, published entries, the
decisions' outcomes, and one entry or article by id. Read-only; every function takes an open
``warehouse.database`` connection and a schema (``marts``, or ``audit`` before publishing)."""

from __future__ import annotations

FACT_MARTS = {
    # kind: (mart, code column, value column)
    "indicator": ("fct_indicator_observations", "indicator_code", "value"),
    "ranking": ("fct_ict_rankings", "ranking_code", "rank"),
    "incident": ("fct_security_incidents", "incident_type", "incident_count"),
}


def _rows(connection, sql: str, params: list) -> list[dict]:
    cursor = connection.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _filters(connection, filters: dict, columns: dict) -> tuple[str, list]:
    clauses, params = [], []
    for name, value in filters.items():
        if value is None:
            continue
        clauses.append(f"{columns[name]} = {connection.placeholder}")
        params.append(value)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def review_queue(connection, schema: str, filters: dict, limit: int) -> list[dict]:
    """The open queue (mart_extraction_review) in review order (queue_position)."""
    where, params = _filters(
        connection, filters, {"province": "province_code", "code": "fact_code", "article": "article_id", "year": "year"}
    )
    return _rows(
        connection,
        f"""
        select queue_position, entry_key, queue_reason, impact, fact_type, province_code, fact_code, component_code,
               kind, year, admin_level, value, unit, confidence, uncertainty, article_url, sentence
        from {schema}.mart_extraction_review{where}
        order by queue_position limit {int(limit)}""",
        params,
    )


def published_entries(connection, schema: str, filters: dict, limit: int) -> list[dict]:
    """Published facts of the three fact marts, with their entry_key and review status: where an
    analyst finds the entry behind a number seen on a dashboard."""
    parts, params = [], []
    for kind, (mart, code, value) in FACT_MARTS.items():
        year = "cast(extract(year from period_start) as integer)" if kind == "incident" else "year"
        where, part_params = _filters(
            connection, filters, {"province": "province_code", "code": code, "article": "article_id", "year": year}
        )
        kind_column = "kind" if kind == "indicator" else "cast(null as varchar)"
        parts.append(f"""select entry_key, review_status, '{kind}' as fact_type, province_code, {code} as fact_code,
                   {kind_column} as kind, {year} as year, cast({value} as double precision) as value,
                   original_value, confidence, article_id, sentence
            from {schema}.{mart}{where}""")
        params += part_params
    return _rows(
        connection, " union all ".join(parts) + f" order by province_code, fact_code, year limit {int(limit)}", params
    )


def decision_outcomes(connection, schema: str, only_attention: bool, limit: int) -> list[dict]:
    where = " where needs_attention" if only_attention else ""
    return _rows(
        connection,
        f"""
        select line_number, action, entry_key, decision_status, status_reason, reviewer, decided_at, fact_type,
               province_code, fact_code, year, machine_value, decided_value, published_value
        from {schema}.mart_review_decisions{where} order by line_number limit {int(limit)}""",
        [],
    )


def find_entry(connection, schema: str, entry_key: str) -> dict | None:
    """The entry with this key in the queue or a fact mart (its kind and current values), or None."""
    placeholder = connection.placeholder
    rows = _rows(
        connection,
        f"""select fact_type, article_id, value, sentence from {schema}.mart_extraction_review
        where entry_key = {placeholder}""",
        [entry_key],
    )
    for kind, (mart, _code, value) in FACT_MARTS.items():
        if rows:
            break
        rows = _rows(
            connection,
            f"""select '{kind}' as fact_type, article_id, cast({value} as double precision) as value,
            sentence from {schema}.{mart} where entry_key = {placeholder}""",
            [entry_key],
        )
    return rows[0] if rows else None


def article_body(connection, article_id: str) -> str | None:
    """The article's latest parsed body (to check an added fact's evidence sentence)."""
    rows = connection.fetchall(
        f"select body_text from raw.articles where article_id = {connection.placeholder} "
        "order by parsed_at desc limit 1",
        [article_id],
    )
    return rows[0][0] if rows else None
