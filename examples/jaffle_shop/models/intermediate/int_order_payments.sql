{%- set payment_methods = ['credit_card', 'bank_transfer', 'coupon', 'gift_card'] -%}

select
    order_id,
    {% for method in payment_methods -%}
    sum(case when payment_method = '{{ method }}' then amount_cents else 0 end) as {{ method }}_cents,
    {% endfor -%}
    sum(amount_cents) as total_cents,
    count(*) as payment_count
from {{ ref('stg_payments') }}
group by order_id
