CREATE EXTERNAL TABLE IF NOT EXISTS `flowlogs`.`natgw` (
  `version` int,
  `interface_id` string,
  `srcaddr` string,
  `dstaddr` string,
  `dstport` int,
  `protocol` bigint,
  `packets` bigint,
  `bytes` bigint,
  `start` bigint,
  `end` bigint,
  `action` string,
  `log_status` string,
  `pkt_srcaddr` string,
  `pkt_dstaddr` string,
  `pkt_dst_aws_service` string,
  `traffic_path` int
)
PARTITIONED BY (`dt` string)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/'
TBLPROPERTIES (
  "skip.header.line.count" = "1",
  "projection.enabled" = "true",
  "projection.dt.type" = "date",
  "projection.dt.format" = "yyyy/MM/dd",
  "projection.dt.range" = "NOW-2YEARS,NOW",
  "projection.dt.interval" = "1",
  "projection.dt.interval.unit" = "DAYS",
  "storage.location.template" = "s3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/${dt}"
)
