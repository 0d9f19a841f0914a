# A cache tier is logical: there is no remote object to read back, so the
# import ID carries its arguments as comma-separated key=value pairs, with the
# regions separated by semicolons. name, replica_set, regions, capacity_keys
# and ttl_s are required; eviction, hit_latency_ms and write_policy are
# optional and take their defaults (lru, 1 ms, invalidate) when left out.
terraform import topology_cache_tier.hot \
  'name=hot,replica_set=orders,regions=us-east-1;eu-west-1,capacity_keys=100000,ttl_s=60,write_policy=invalidate'

terraform import topology_cache_tier.catalog \
  'name=catalog,replica_set=orders,regions=us-east-1;eu-west-1;ap-northeast-1,capacity_keys=20000,ttl_s=30,eviction=lfu,hit_latency_ms=0.5,write_policy=ttl_only'
