{#- Integer cents -> exact decimal dollars (multiplying keeps DuckDB in decimal arithmetic;
    dividing by 100 would produce a double). -#}
{% macro cents_to_dollars(column, scale=2) -%}
    cast(({{ column }}) * 0.01 as decimal(18, {{ scale }}))
{%- endmacro %}
