WITH scanned AS (
  SELECT *,
    coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA') AS data_record,
    coalesce(coalesce("log_status", '-') NOT IN ('NODATA', 'SKIPDATA')
      AND contains('10.0.0.0/8', TRY_CAST("srcaddr" AS IPADDRESS))
      AND contains('0.0.0.0/0', TRY_CAST("dstaddr" AS IPADDRESS))
      AND TRY_CAST("dstaddr" AS IPADDRESS) IN (IPADDRESS '10.0.0.220')
      AND "action" IN ('ACCEPT')
      AND "interface_id" IN ('eni-1')
      AND "end" >= 1706572800
      AND "start" < 1706745600
      AND ((contains('52.0.0.0/8', TRY_CAST(coalesce(nullif("pkt_srcaddr", '-'), "srcaddr") AS IPADDRESS)) AND NOT contains('52.95.128.0/24', TRY_CAST(coalesce(nullif("pkt_srcaddr", '-'), "srcaddr") AS IPADDRESS)))
      OR (contains('52.0.0.0/8', TRY_CAST(coalesce(nullif("pkt_dstaddr", '-'), "dstaddr") AS IPADDRESS)) AND NOT contains('52.95.128.0/24', TRY_CAST(coalesce(nullif("pkt_dstaddr", '-'), "dstaddr") AS IPADDRESS)))), false) AS matched
  FROM "flowlogs"."vpc_flow_logs"
  WHERE (("year" = '2024' AND "month" = '01' AND "day" BETWEEN '30' AND '31')
    OR ("year" = '2024' AND "month" = '02' AND "day" = '01'))
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
ORDER BY is_total DESC, bytes DESC, key_pkt_srcaddr ASC NULLS LAST, key_srcaddr ASC NULLS LAST, key_dstaddr ASC NULLS LAST, key_pkt_dstaddr ASC NULLS LAST, key_dstport ASC NULLS LAST, key_pkt_dst_aws_service ASC NULLS LAST
LIMIT 21
