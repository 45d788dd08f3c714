with customers as (

    select * from {{ ref('stg_customers') }}

),

orders as (

    select * from {{ ref('orders') }}

),

customer_orders as (

    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as most_recent_order_date,
        count(*) as number_of_orders,
        sum(case when status in ('returned', 'return_pending') then 0 else amount end) as lifetime_value
    from orders
    group by customer_id

)

select
    customers.customer_id,
    customers.customer_key,
    customers.first_name,
    customers.last_name,
    customer_orders.first_order_date,
    customer_orders.most_recent_order_date,
    coalesce(customer_orders.number_of_orders, 0) as number_of_orders,
    coalesce(customer_orders.lifetime_value, 0) as lifetime_value,
    cast(round({{ safe_divide('customer_orders.lifetime_value', 'customer_orders.number_of_orders') }}, 2) as decimal(18, 2)) as average_order_value
from customers
left join customer_orders using (customer_id)
