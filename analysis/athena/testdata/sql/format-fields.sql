WITH scanned AS (
  SELECT *,
    coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA') AS data_record,
    coalesce(coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA')
      AND "interface_id" IN ('eni-1'), false) AS matched
  FROM "flowlogs"."nat"
),
masked AS (
  SELECT
    matched,
    data_record,
    CASE WHEN matched THEN coalesce(nullif("pkt_srcaddr", '-'), nullif("srcaddr", '-')) END AS key_src_endpoint,
    CASE WHEN matched THEN CAST("dstport" AS varchar) END AS key_dstport,
    CASE WHEN matched THEN nullif(CAST(NULL AS varchar), '-') END AS key_instance_id,
    "packets" AS n_packets,
    "bytes" AS n_bytes,
    "start" AS t_start,
    "end" AS t_end,
    "log_status" AS status,
    nullif("interface_id", '-') AS iface
  FROM scanned
)
SELECT
  grouping(matched, key_src_endpoint, key_dstport, key_instance_id) > 0 AS is_total,
  key_src_endpoint,
  key_dstport,
  key_instance_id,
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
GROUP BY GROUPING SETS ((matched, key_src_endpoint, key_dstport, key_instance_id), ())
HAVING grouping(matched, key_src_endpoint, key_dstport, key_instance_id) > 0 OR matched
ORDER BY is_total DESC, flows DESC, bytes DESC, key_src_endpoint ASC NULLS LAST, key_dstport ASC NULLS LAST, key_instance_id ASC NULLS LAST
