WITH scanned AS (
  SELECT *,
    coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA') AS data_record,
    coalesce(coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA')
      AND "end" >= 1704448801, false) AS matched
  FROM "flowlogs"."vpc_flow_logs"
  WHERE "dt" >= '2024/01/05'
),
masked AS (
  SELECT
    matched,
    data_record,
    CASE WHEN matched THEN nullif("pkt_srcaddr", '-') END AS key_pkt_srcaddr,
    CASE WHEN matched THEN nullif("srcaddr", '-') END AS key_srcaddr,
    CASE WHEN matched THEN nullif("dstaddr", '-') END AS key_dstaddr,
    CASE WHEN matched THEN nullif("pkt_dstaddr", '-') END AS key_pkt_dstaddr,
    CASE WHEN matched THEN CAST("dstport" AS varchar) END AS key_dstport,
    CASE WHEN matched THEN nullif("pkt_dst_aws_service", '-') END AS key_pkt_dst_aws_service,
    "packets" AS n_packets,
    "bytes" AS n_bytes,
    "start" AS t_start,
    "end" AS t_end,
    "log_status" AS status,
    nullif("interface_id", '-') AS iface
  FROM scanned
)
SELECT
  grouping(matched, key_pkt_srcaddr, key_srcaddr, key_dstaddr, key_pkt_dstaddr, key_dstport, key_pkt_dst_aws_service) > 0 AS is_total,
  key_pkt_srcaddr,
  key_srcaddr,
  key_dstaddr,
  key_pkt_dstaddr,
  key_dstport,
  key_pkt_dst_aws_service,
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
GROUP BY GROUPING SETS ((matched, key_pkt_srcaddr, key_srcaddr, key_dstaddr, key_pkt_dstaddr, key_dstport, key_pkt_dst_aws_service), ())
HAVING grouping(matched, key_pkt_srcaddr, key_srcaddr, key_dstaddr, key_pkt_dstaddr, key_dstport, key_pkt_dst_aws_service) > 0 OR matched
ORDER BY is_total DESC, flows DESC, bytes DESC, key_pkt_srcaddr ASC NULLS LAST, key_srcaddr ASC NULLS LAST, key_dstaddr ASC NULLS LAST, key_pkt_dstaddr ASC NULLS LAST, key_dstport ASC NULLS LAST, key_pkt_dst_aws_service ASC NULLS LAST
