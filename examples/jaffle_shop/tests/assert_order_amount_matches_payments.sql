-- Singular test: every order's amount equals the sum of its payments (rows returned = failures).
with payments as (

    select order_id, sum(amount) as paid
    from {{ ref('stg_payments') }}
    group by order_id

)

select
    orders.order_id,
    orders.amount,
    coalesce(payments.paid, 0) as paid
from {{ ref('orders') }} as orders
left join payments using (order_id)
where orders.amount <> coalesce(payments.paid, 0)
