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
    CASE WHEN matched THEN coalesce(CAST("start" AS varchar), '-') END AS key_start,
    CASE WHEN matched THEN coalesce(CAST("end" AS varchar), '-') END AS key_end,
    CASE WHEN matched THEN coalesce("log_status", '-') END AS key_log_status,
    CASE WHEN matched THEN coalesce("pkt_src_aws_service", '-') END AS key_pkt_src_aws_service,
    CASE WHEN matched THEN coalesce(CAST("tcp_flags" AS varchar), '-') END AS key_tcp_flags,
    "packets" AS n_packets,
    "bytes" AS n_bytes,
    "start" AS t_start,
    "end" AS t_end,
    "log_status" AS status
  FROM scanned
)
SELECT
  grouping(key_start, key_end, key_log_status, key_pkt_src_aws_service, key_tcp_flags) > 0 AS is_total,
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
  min(t_start) FILTER (WHERE data_record) AS first_record,
  max(t_end) FILTER (WHERE data_record) AS last_record
FROM masked
GROUP BY GROUPING SETS ((key_start, key_end, key_log_status, key_pkt_src_aws_service, key_tcp_flags), ())
HAVING grouping(key_start, key_end, key_log_status, key_pkt_src_aws_service, key_tcp_flags) > 0 OR count_if(matched) > 0
ORDER BY is_total DESC, flows DESC, bytes DESC, key_start ASC, key_end ASC, key_log_status ASC, key_pkt_src_aws_service ASC, key_tcp_flags ASC
