{#- Null-safe dollars: null cents become 0.00. Calls cents_to_dollars. -#}
{% macro money(column) -%}
    {{ cents_to_dollars('coalesce(' ~ column ~ ', 0)') }}
{%- endmacro %}
