WITH scanned AS (
  SELECT *,
    coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA') AS data_record,
    coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA') AS matched
  FROM "flowlogs"."vpc_flow_logs"
),
masked AS (
  SELECT
    matched,
    data_record,
    CASE WHEN matched THEN CAST("start" AS varchar) END AS key_start,
    CASE WHEN matched THEN CAST("end" AS varchar) END AS key_end,
    CASE WHEN matched THEN nullif("log_status", '-') END AS key_log_status,
    CASE WHEN matched THEN nullif("pkt_src_aws_service", '-') END AS key_pkt_src_aws_service,
    CASE WHEN matched THEN CAST("tcp_flags" AS varchar) END AS key_tcp_flags,
    "packets" AS n_packets,
    "bytes" AS n_bytes,
    "start" AS t_start,
    "end" AS t_end,
    "log_status" AS status,
    nullif("interface_id", '-') AS iface
  FROM scanned
)
SELECT
  grouping(matched, key_start, key_end, key_log_status, key_pkt_src_aws_service, key_tcp_flags) > 0 AS is_total,
  key_start,
  key_end,
  key_log_status,
  key_pkt_src_aws_service,
  key_tcp_flags,
  count_if(matched) AS flows,
  coalesce(sum(n_packets) FILTER (WHERE matched), 0) AS packets,
  coalesce(sum(n_bytes) FILTER (WHERE matched), 0) AS bytes,
  min(t_start) FILTER (WHERE matched) AS first_start,
  max(t_end) FILTER (WHERE matched) AS last_end,
  count_if(data_record) AS records,
  count_if(status = 'NODATA') AS nodata,
  count_if(status = 'SKIPDATA') AS skipdata,
  min(t_start) FILTER (WHERE coalesce(status, '-') <> 'SKIPDATA') AS first_record,
  max(t_end) FILTER (WHERE coalesce(status, '-') <> 'SKIPDATA') AS last_record,
  array_join(array_sort(array_agg(DISTINCT iface)), ',') AS interfaces
FROM masked
GROUP BY GROUPING SETS ((matched, key_start, key_end, key_log_status, key_pkt_src_aws_service, key_tcp_flags), ())
HAVING grouping(matched, key_start, key_end, key_log_status, key_pkt_src_aws_service, key_tcp_flags) > 0 OR matched
ORDER BY is_total DESC, flows DESC, bytes DESC, key_start ASC NULLS LAST, key_end ASC NULLS LAST, key_log_status ASC NULLS LAST, key_pkt_src_aws_service ASC NULLS LAST, key_tcp_flags ASC NULLS LAST
