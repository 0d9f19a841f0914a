# A cache in front of the "orders" replica set in two regions. Reads of its
# keys from us-east-1 or eu-west-1 look in the local cache first; a
# committed write removes the key from both caches after the one-way delay
# from the leader (write_policy = "invalidate", the default), so stale hits
# are confined to that window. Entries also expire after 60 s.
resource "topology_cache_tier" "hot" {
  name          = "hot"
  replica_set   = topology_replica_set.orders.name
  regions       = [topology_region.use1.name, topology_region.euw1.name]
  capacity_keys = 100000
  ttl_s         = 60
  write_policy  = "invalidate"
}

# A TTL-only cache: writes never touch it, so an entry is stale from the next
# write to its key until it expires. Cheap, and fine for data that may lag
# by ttl_s. LFU keeps the steadily popular keys; hits take 0.5 ms.
resource "topology_cache_tier" "catalog" {
  name           = "catalog"
  replica_set    = topology_replica_set.orders.name
  regions        = ["us-east-1", "eu-west-1", "ap-northeast-1"]
  capacity_keys  = 20000
  ttl_s          = 30
  eviction       = "lfu"
  hit_latency_ms = 0.5
  write_policy   = "ttl_only"
}
