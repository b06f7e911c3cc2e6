WITH scanned AS (
  SELECT *,
    coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA') AS data_record,
    coalesce(coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA')
      AND (contains('203.0.113.0/24', TRY_CAST(coalesce(nullif("pkt_srcaddr", '-'), "srcaddr") AS IPADDRESS))
      OR contains('203.0.113.0/24', TRY_CAST(coalesce(nullif("pkt_dstaddr", '-'), "dstaddr") AS IPADDRESS))), false) AS matched
  FROM "flowlogs"."vpc_flow_logs"
),
masked AS (
  SELECT
    matched,
    data_record,
    CASE WHEN matched THEN coalesce(nullif("pkt_srcaddr", '-'), nullif("srcaddr", '-')) END AS key_src_endpoint,
    CASE WHEN matched THEN coalesce(nullif("pkt_dstaddr", '-'), nullif("dstaddr", '-')) END AS key_dst_endpoint,
    CASE WHEN matched THEN CAST("dstport" AS varchar) END AS key_dstport,
    CASE WHEN matched THEN CAST("protocol" AS varchar) END AS key_protocol,
    CASE WHEN matched THEN nullif("interface_id", '-') END AS key_interface_id,
    "packets" AS n_packets,
    "bytes" AS n_bytes,
    "start" AS t_start,
    "end" AS t_end,
    "log_status" AS status,
    nullif("interface_id", '-') AS iface
  FROM scanned
)
SELECT
  grouping(matched, key_src_endpoint, key_dst_endpoint, key_dstport, key_protocol, key_interface_id) > 0 AS is_total,
  key_src_endpoint,
  key_dst_endpoint,
  key_dstport,
  key_protocol,
  key_interface_id,
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
GROUP BY GROUPING SETS ((matched, key_src_endpoint, key_dst_endpoint, key_dstport, key_protocol, key_interface_id), ())
HAVING grouping(matched, key_src_endpoint, key_dst_endpoint, key_dstport, key_protocol, key_interface_id) > 0 OR matched
ORDER BY is_total DESC, flows DESC, bytes DESC, key_src_endpoint ASC NULLS LAST, key_dst_endpoint ASC NULLS LAST, key_dstport ASC NULLS LAST, key_protocol ASC NULLS LAST, key_interface_id ASC NULLS LAST
