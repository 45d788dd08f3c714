{#- A stable md5 key built from one or more columns; nulls hash as a fixed marker. -#}
{% macro surrogate_key(columns) -%}
    md5(
    {%- for column in columns %}
        coalesce(cast({{ column }} as varchar), '_jaffle_null_')
        {%- if not loop.last %} || '-' || {% endif %}
    {%- endfor %}
    )
{%- endmacro %}
