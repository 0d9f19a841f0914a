# A region is logical: there is no remote object to read back, so the import
# ID carries its arguments as comma-separated key=value pairs. name, location,
# instances and service_time_ms are required; concurrency,
# service_time_distribution, service_time_p99_over_p50, jurisdiction and
# queue_limit are optional and take their defaults when left out.
terraform import topology_region.use1 \
  'name=us-east-1,location=aws:us-east-1,instances=10,concurrency=8,service_time_ms=20,queue_limit=1000'

# A coordinate location keeps its comma.
terraform import topology_region.paris_dc \
  'name=paris-dc,location=geo:48.86,2.35,jurisdiction=EU,instances=4,service_time_ms=15'
