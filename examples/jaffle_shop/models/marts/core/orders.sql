with orders as (

    select * from {{ ref('stg_orders') }}

),

payments as (

    select * from {{ ref('int_order_payments') }}

)

select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    {{ money('payments.credit_card_cents') }} as credit_card_amount,
    {{ money('payments.bank_transfer_cents') }} as bank_transfer_amount,
    {{ money('payments.coupon_cents') }} as coupon_amount,
    {{ money('payments.gift_card_cents') }} as gift_card_amount,
    {{ money('payments.total_cents') }} as amount,
    coalesce(payments.payment_count, 0) as payment_count,
    '{{ env_var("JAFFLE_REGION", "eu") }}' as region
from orders
left join payments using (order_id)
