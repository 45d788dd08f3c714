{{
    config(
        materialized='incremental',
        unique_key='order_date',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

with orders as (

    select * from {{ ref('stg_orders') }}

),

payments as (

    select * from {{ ref('stg_payments') }}

)

select
    orders.order_date,
    count(distinct orders.order_id) as order_count,
    count(payments.payment_id) as payment_count,
    {{ cents_to_dollars('sum(payments.amount_cents)') }} as revenue
from orders
inner join payments using (order_id)
where orders.status not in ('returned', 'return_pending')
{% if is_incremental() %}
    -- reprocess the newest day already loaded, then everything after it
    and orders.order_date >= (select max(order_date) from {{ this }})
{% endif %}
group by orders.order_date
