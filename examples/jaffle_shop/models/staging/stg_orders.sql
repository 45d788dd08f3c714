-- depends_on: {{ ref('raw_orders') }}
with source as (

    select * from {{ source('raw', 'orders') }}

)

select
    id as order_id,
    customer_id,
    order_date,
    status,
    loaded_at
from source
where order_date >= cast('{{ var("start_date") }}' as date)
