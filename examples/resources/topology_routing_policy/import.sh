# A routing policy is logical: there is no remote object to read back, so the
# import ID carries its arguments as comma-separated key=value pairs. Nested
# attributes are named by their path (health_check.interval_s), the failover
# regions are separated by semicolons, and map entries are key=value pairs
# separated by semicolons. Only name is required; every other argument takes
# its default when left out, and a circuit_breaker.* key adds a breaker.
terraform import topology_routing_policy.global \
  'name=global,strategy=latency,health_check.interval_s=5,health_check.timeout_ms=1000,dns_ttl_s=30,request_timeout_ms=1000,retry.max_attempts=3'

terraform import topology_routing_policy.eu_first \
  'name=eu-first,strategy=failover,failover=eu-west-1;eu-central-1,dns_ttl_s=10,circuit_breaker.failure_threshold=5,circuit_breaker.open_s=10'

terraform import topology_routing_policy.split \
  'name=split,strategy=weighted,weights=us-east-1=3;eu-west-1=1'
