# Raft-like replication over three regions: a write commits once a majority
# (2 of 3, the leader included) has it, so losing one region loses no
# committed write. quorum, election_timeout_ms, replicas and write_regions
# are computed at plan time.
resource "topology_replica_set" "orders" {
  name             = "orders"
  regions          = ["us-east-1", "eu-west-1", "ap-northeast-1"]
  leader           = "us-east-1"
  replication      = "sync_quorum"
  read_consistency = "strong"
}

# Asynchronous primary/replica: writes commit at the leader alone and reach
# the followers later. Reads are served locally while the local replica is
# at most 500 ms behind. A leader failure promotes a follower after
# promotion_delay_ms and loses the writes it had not applied yet (the RPO).
resource "topology_replica_set" "profiles" {
  name               = "profiles"
  regions            = [topology_region.use1.name, topology_region.euw1.name]
  leader             = topology_region.use1.name
  replication        = "async_primary"
  read_consistency   = "bounded_staleness"
  staleness_bound_ms = 500
  promotion_delay_ms = 15000
}

# Every region accepts writes; concurrent writes to one key are merged.
resource "topology_replica_set" "carts" {
  name                = "carts"
  regions             = ["us-east-1", "eu-west-1", "ap-northeast-1"]
  leader              = "us-east-1"
  replication         = "multi_leader"
  read_consistency    = "eventual"
  conflict_resolution = "crdt"
}
