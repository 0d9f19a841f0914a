# A replica set is logical: there is no remote object to read back, so the
# import ID carries its arguments as comma-separated key=value pairs, with the
# regions separated by semicolons. name, regions, leader and replication are
# required; read_consistency, quorum, staleness_bound_ms, apply_time_ms,
# election_timeout_ms, promotion_delay_ms and conflict_resolution are optional
# and take their defaults when left out.
terraform import topology_replica_set.orders \
  'name=orders,regions=us-east-1;eu-west-1;ap-northeast-1,leader=us-east-1,replication=sync_quorum'

terraform import topology_replica_set.profiles \
  'name=profiles,regions=us-east-1;eu-west-1,leader=us-east-1,replication=async_primary,read_consistency=bounded_staleness,staleness_bound_ms=500,promotion_delay_ms=15000'
