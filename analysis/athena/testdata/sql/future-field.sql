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
    CASE WHEN matched THEN nullif("reject_reason", '-') END AS key_reject_reason,
    CASE WHEN matched THEN nullif("some_future_field", '-') END AS key_some_future_field,
    "packets" AS n_packets,
    "bytes" AS n_bytes,
    "start" AS t_start,
    "end" AS t_end,
    "log_status" AS status,
    nullif("interface_id", '-') AS iface
  FROM scanned
)
SELECT
  grouping(matched, key_reject_reason, key_some_future_field) > 0 AS is_total,
  key_reject_reason,
  key_some_future_field,
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
GROUP BY GROUPING SETS ((matched, key_reject_reason, key_some_future_field), ())
HAVING grouping(matched, key_reject_reason, key_some_future_field) > 0 OR matched
ORDER BY is_total DESC, flows DESC, bytes DESC, key_reject_reason ASC NULLS LAST, key_some_future_field ASC NULLS LAST
