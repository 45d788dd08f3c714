"""PR impact catalog SQL (python/dbt_bridge/impact.py) against a real in-memory DuckDB: one query per schema returns the
columns of exactly the named relations, in order, names matched case-insensitively and quotes kept literal."""

import duckdb

from dbt_bridge import impact


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_duckdb_catalog_sql_lists_columns_of_the_named_relations_in_order():
    con = duckdb.connect(":memory:")
    con.execute("create schema ci")
    con.execute("create table ci.stg_orders (order_id integer, status varchar, amount decimal(18, 3))")
    con.execute("create view ci.\"O'Brien\" as select 1 as id")
    con.execute("create table ci.other (x integer)")
    con.execute("create table main.stg_orders (order_id bigint)")
    sql = impact.catalog_sql("duckdb", "memory", "CI", ["STG_ORDERS", "O'Brien"])
    got = rows(con, sql)
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("O'Brien", "id", "INTEGER"),
        ("stg_orders", "order_id", "INTEGER"),
        ("stg_orders", "status", "VARCHAR"),
        ("stg_orders", "amount", "DECIMAL(18,3)"),
    ]


def test_unknown_adapters_have_no_catalog_sql():
    assert impact.catalog_sql("snowflake", "db", "s", ["t"]) is None
