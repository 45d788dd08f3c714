-- depends_on: {{ ref('raw_customers') }}
with source as (

    select * from {{ source('raw', 'customers') }}

)

select
    id as customer_id,
    {{ jaffle_utils.surrogate_key(['id', 'first_name', 'last_name']) }} as customer_key,
    first_name,
    last_name,
    first_name || ' ' || last_name as full_name,
    signup_date
from source
