CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (
  `version` int,
  `account_id` string,
  `interface_id` string,
  `srcaddr` string,
  `dstaddr` string,
  `srcport` int,
  `dstport` int,
  `protocol` bigint,
  `packets` bigint,
  `bytes` bigint,
  `start` bigint,
  `end` bigint,
  `action` string,
  `log_status` string
)
PARTITIONED BY (`date` string)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/'
TBLPROPERTIES (
  "skip.header.line.count" = "1",
  "projection.enabled" = "true",
  "projection.date.type" = "date",
  "projection.date.format" = "yyyy/MM/dd",
  "projection.date.range" = "2024/01/01,NOW",
  "projection.date.interval" = "1",
  "projection.date.interval.unit" = "DAYS",
  "storage.location.template" = "s3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/${date}"
)
