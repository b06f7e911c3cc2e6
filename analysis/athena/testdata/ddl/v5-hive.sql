CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (
  `version` int,
  `srcaddr` string,
  `dstaddr` string,
  `srcport` int,
  `dstport` int,
  `protocol` bigint,
  `start` bigint,
  `end` bigint,
  `type` string,
  `packets` bigint,
  `bytes` bigint,
  `account_id` string,
  `vpc_id` string,
  `subnet_id` string,
  `instance_id` string,
  `interface_id` string,
  `region` string,
  `az_id` string,
  `sublocation_type` string,
  `sublocation_id` string,
  `action` string,
  `tcp_flags` int,
  `pkt_srcaddr` string,
  `pkt_dstaddr` string,
  `pkt_src_aws_service` string,
  `pkt_dst_aws_service` string,
  `traffic_path` int,
  `flow_direction` string,
  `log_status` string
)
PARTITIONED BY (`year` string, `month` string, `day` string)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/'
TBLPROPERTIES (
  "skip.header.line.count" = "1",
  "projection.enabled" = "true",
  "projection.year.type" = "integer",
  "projection.year.range" = "2024,2099",
  "projection.year.digits" = "4",
  "projection.month.type" = "integer",
  "projection.month.range" = "1,12",
  "projection.month.digits" = "2",
  "projection.day.type" = "integer",
  "projection.day.range" = "1,31",
  "projection.day.digits" = "2",
  "storage.location.template" = "s3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/${year}/${month}/${day}"
)
